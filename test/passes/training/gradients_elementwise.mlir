// RUN: dlc-opt %s --dlc-autodiff --split-input-file | FileCheck %s
// The gradients elementwise ops build (GradientOpInterface), as autodiff
// strings them together. %[[G]] is the gradient reaching the op: the loss's
// seed expanded back through the final reduce_sum.

// Broadcast operands take their gradient summed back to their shape; sub
// negates after that sum, where there are fewer elements.
// CHECK-LABEL: func.func @sub(
// CHECK:         %[[G:.*]] = dlc.expand
// CHECK:         %[[SUM:.*]] = dlc.reduce_sum %[[G]] {axes = array<i64: 0>} : tensor<2x3xf32> -> tensor<1x3xf32>
// CHECK:         %[[R:.*]] = dlc.reshape %[[SUM]] {shape = array<i64: 3>} : tensor<1x3xf32> -> tensor<3xf32>
// CHECK:         %[[NEG:.*]] = dlc.neg %[[R]] : tensor<3xf32>
// CHECK:         return %{{.*}}, %[[G]], %[[NEG]]
func.func @sub(%x: tensor<2x3xf32> {dlc.wrt}, %y: tensor<3xf32> {dlc.wrt}) -> (tensor<f32> {dlc.loss}) {
  %0 = dlc.sub %x, %y : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %l = dlc.reduce_sum %0 {axes = array<i64: 0, 1>, keepdims = false} : tensor<2x3xf32> -> tensor<f32>
  return %l : tensor<f32>
}

// -----

// d(x / y)/dy = -(x / y) / y reuses the quotient.
// CHECK-LABEL: func.func @div(
// CHECK:         %[[Q:.*]] = dlc.div %arg0, %arg1
// CHECK:         %[[G:.*]] = dlc.expand
// CHECK:         %[[GQ:.*]] = dlc.mul %[[G]], %[[Q]]
// CHECK:         %[[DY:.*]] = dlc.div %[[GQ]], %arg1
// CHECK:         %[[DX:.*]] = dlc.div %[[G]], %arg1
// CHECK:         %[[SUM:.*]] = dlc.reduce_sum %[[DY]] {axes = array<i64: 1>} : tensor<2x3xf32> -> tensor<2x1xf32>
// CHECK:         %[[NEG:.*]] = dlc.neg %[[SUM]]
// CHECK:         return %{{.*}}, %[[DX]], %[[NEG]]
func.func @div(%x: tensor<2x3xf32> {dlc.wrt}, %y: tensor<2x1xf32> {dlc.wrt}) -> (tensor<f32> {dlc.loss}) {
  %0 = dlc.div %x, %y : (tensor<2x3xf32>, tensor<2x1xf32>) -> tensor<2x3xf32>
  %l = dlc.reduce_sum %0 {axes = array<i64: 0, 1>, keepdims = false} : tensor<2x3xf32> -> tensor<f32>
  return %l : tensor<f32>
}

// -----

// As PyTorch: dx = e * x^(e - 1), zero where e == 0; de = x^e * log(x), zero
// where x == 0 and e >= 0.
// CHECK-LABEL: func.func @pow(
// CHECK:         %[[Y:.*]] = dlc.pow %arg0, %arg1
// CHECK:         %[[ZERO:.*]] = dlc.constant dense<0.000000e+00> : tensor<f32>
// CHECK:         %[[EM1:.*]] = dlc.sub %arg1, %{{.*}} : (tensor<f32>, tensor<f32>) -> tensor<f32>
// CHECK:         %[[P:.*]] = dlc.pow %arg0, %[[EM1]]
// CHECK:         %[[EP:.*]] = dlc.mul %arg1, %[[P]]
// CHECK:         %[[GEP:.*]] = dlc.mul %{{.*}}, %[[EP]]
// CHECK:         %[[E0:.*]] = dlc.equal %arg1, %[[ZERO]]
// CHECK:         %[[DX:.*]] = dlc.where %[[E0]], %[[ZERO]], %[[GEP]]
// CHECK:         %[[LOG:.*]] = dlc.log %arg0
// CHECK:         %[[YLOG:.*]] = dlc.mul %[[Y]], %[[LOG]]
// CHECK:         %[[EGE0:.*]] = dlc.greater_or_equal %arg1, %[[ZERO]]
// CHECK:         %[[AT0:.*]] = dlc.where %[[EGE0]], %[[ZERO]], %[[YLOG]]
// CHECK:         %[[X0:.*]] = dlc.equal %arg0, %[[ZERO]]
// CHECK:         %[[D:.*]] = dlc.where %[[X0]], %[[AT0]], %[[YLOG]]
// CHECK:         %[[GD:.*]] = dlc.mul %{{.*}}, %[[D]]
// CHECK:         %[[SUM:.*]] = dlc.reduce_sum %[[GD]] {axes = array<i64: 0>} : tensor<3xf32> -> tensor<1xf32>
// CHECK:         %[[DE:.*]] = dlc.reshape %[[SUM]] {shape = array<i64>} : tensor<1xf32> -> tensor<f32>
// CHECK:         return %{{.*}}, %[[DX]], %[[DE]]
func.func @pow(%x: tensor<3xf32> {dlc.wrt}, %e: tensor<f32> {dlc.wrt}) -> (tensor<f32> {dlc.loss}) {
  %0 = dlc.pow %x, %e : (tensor<3xf32>, tensor<f32>) -> tensor<3xf32>
  %l = dlc.reduce_sum %0 {axes = array<i64: 0>, keepdims = false} : tensor<3xf32> -> tensor<f32>
  return %l : tensor<f32>
}

// -----

// As torch.maximum: the picked operand takes the gradient, ties split it.
// CHECK-LABEL: func.func @max(
// CHECK:         %[[G:.*]] = dlc.expand
// CHECK:         %[[ZERO:.*]] = dlc.constant dense<0.000000e+00> : tensor<f32>
// CHECK:         %[[HALF:.*]] = dlc.mul %[[G]], %{{.*}} : (tensor<3xf32>, tensor<f32>) -> tensor<3xf32>
// CHECK:         %[[TIE:.*]] = dlc.equal %arg0, %arg1
// CHECK:         %[[SHARE:.*]] = dlc.where %[[TIE]], %[[HALF]], %[[G]]
// CHECK:         %[[XLOSES:.*]] = dlc.less %arg0, %arg1
// CHECK:         %[[DX:.*]] = dlc.where %[[XLOSES]], %[[ZERO]], %[[SHARE]]
// CHECK:         %[[YLOSES:.*]] = dlc.greater %arg0, %arg1
// CHECK:         %[[DY:.*]] = dlc.where %[[YLOSES]], %[[ZERO]], %[[SHARE]]
// CHECK:         return %{{.*}}, %[[DX]], %[[DY]]
func.func @max(%x: tensor<3xf32> {dlc.wrt}, %y: tensor<3xf32> {dlc.wrt}) -> (tensor<f32> {dlc.loss}) {
  %0 = dlc.max %x, %y : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  %l = dlc.reduce_sum %0 {axes = array<i64: 0>, keepdims = false} : tensor<3xf32> -> tensor<f32>
  return %l : tensor<f32>
}

// -----

// Unary ops reuse their results where that saves work (tanh: 1 - y^2,
// sigmoid: y * (1 - y)); relu and abs have gradient 0 at 0, floor zeros.
// CHECK-LABEL: func.func @unary(
// CHECK:         %[[RELU:.*]] = dlc.relu %arg0
// CHECK:         %[[SIG:.*]] = dlc.sigmoid %[[RELU]]
// CHECK:         %[[TANH:.*]] = dlc.tanh %[[SIG]]
// CHECK:         %[[FLOOR:.*]] = dlc.constant dense<0.000000e+00> : tensor<4xf32>
// CHECK:         %[[POS:.*]] = dlc.greater %[[TANH]], %{{.*}}
// CHECK:         %[[POSF:.*]] = dlc.cast %[[POS]] {to = f32} : tensor<4xi1> -> tensor<4xf32>
// CHECK:         %[[NEG:.*]] = dlc.less %[[TANH]], %{{.*}}
// CHECK:         %[[NEGF:.*]] = dlc.cast %[[NEG]] {to = f32}
// CHECK:         %[[SIGN:.*]] = dlc.sub %[[POSF]], %[[NEGF]]
// CHECK:         %[[DABS:.*]] = dlc.mul %{{.*}}, %[[SIGN]]
// CHECK:         %[[SQ:.*]] = dlc.mul %[[TANH]], %[[TANH]]
// CHECK:         %[[DTANH:.*]] = dlc.sub %{{.*}}, %[[SQ]]
// CHECK:         %[[GT:.*]] = dlc.mul %[[DABS]], %[[DTANH]]
// CHECK:         %[[ONEMY:.*]] = dlc.sub %{{.*}}, %[[SIG]]
// CHECK:         %[[DSIG:.*]] = dlc.mul %[[SIG]], %[[ONEMY]]
// CHECK:         %[[GS:.*]] = dlc.mul %[[GT]], %[[DSIG]]
// CHECK:         %[[OFF:.*]] = dlc.less_or_equal %[[RELU]], %[[Z:.*]] :
// CHECK:         %[[GR:.*]] = dlc.where %[[OFF]], %[[Z]], %[[GS]]
// CHECK:         %[[DX:.*]] = dlc.add %[[FLOOR]], %[[GR]]
// CHECK:         return %{{.*}}, %[[DX]]
func.func @unary(%x: tensor<4xf32> {dlc.wrt}) -> (tensor<f32> {dlc.loss}) {
  %0 = dlc.relu %x : tensor<4xf32>
  %1 = dlc.sigmoid %0 : tensor<4xf32>
  %2 = dlc.tanh %1 : tensor<4xf32>
  %3 = dlc.abs %2 : tensor<4xf32>
  %4 = dlc.floor %x : tensor<4xf32>
  %5 = dlc.add %3, %4 : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %l = dlc.reduce_sum %5 {axes = array<i64: 0>, keepdims = false} : tensor<4xf32> -> tensor<f32>
  return %l : tensor<f32>
}

// -----

// Where routes the gradient to the picked operand (the condition, a bool,
// takes none); a float-to-float cast casts the gradient back.
// CHECK-LABEL: func.func @where_cast(
// CHECK:         %[[C:.*]] = dlc.greater
// CHECK:         %[[G:.*]] = dlc.expand
// CHECK:         %[[ZERO:.*]] = dlc.constant dense<0.000000e+00> : tensor<f32>
// CHECK:         %[[DX:.*]] = dlc.where %[[C]], %[[G]], %[[ZERO]] : (tensor<2x3xi1>, tensor<2x3xf32>, tensor<f32>) -> tensor<2x3xf32>
// CHECK:         %[[DY:.*]] = dlc.where %[[C]], %[[ZERO]], %[[G]] : (tensor<2x3xi1>, tensor<f32>, tensor<2x3xf32>) -> tensor<2x3xf32>
// CHECK:         %[[SUM:.*]] = dlc.reduce_sum %[[DY]] {axes = array<i64: 0, 1>}
// CHECK:         %[[DYS:.*]] = dlc.reshape %[[SUM]] {shape = array<i64>} : tensor<1x1xf32> -> tensor<f32>
// CHECK:         %[[DXH:.*]] = dlc.cast %[[DX]] {to = f16} : tensor<2x3xf32> -> tensor<2x3xf16>
// CHECK:         return %{{.*}}, %[[DXH]], %[[DYS]]
func.func @where_cast(%x: tensor<2x3xf16> {dlc.wrt}, %y: tensor<f32> {dlc.wrt}) -> (tensor<f32> {dlc.loss}) {
  %0 = dlc.cast %x {to = f32} : tensor<2x3xf16> -> tensor<2x3xf32>
  %c = dlc.greater %0, %y : (tensor<2x3xf32>, tensor<f32>) -> tensor<2x3xi1>
  %1 = dlc.where %c, %0, %y : (tensor<2x3xi1>, tensor<2x3xf32>, tensor<f32>) -> tensor<2x3xf32>
  %l = dlc.reduce_sum %1 {axes = array<i64: 0, 1>, keepdims = false} : tensor<2x3xf32> -> tensor<f32>
  return %l : tensor<f32>
}
