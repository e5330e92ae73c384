// RUN: dlc-opt %s --dlc-apply-optimizer='optimizer=sgd:lr=0.5' | FileCheck %s --check-prefix=SGD
// RUN: dlc-opt %s --dlc-apply-optimizer='optimizer=sgd:lr=0.5,momentum=0.9,nesterov=1' | FileCheck %s --check-prefix=NESTEROV
// RUN: dlc-opt %s --dlc-apply-optimizer='optimizer=adam:lr=0.001' | FileCheck %s --check-prefix=ADAM
// RUN: dlc-opt %s --dlc-apply-optimizer='optimizer=rmsprop:lr=0.01,centered=1,momentum=0.5' | FileCheck %s --check-prefix=RMSPROP
// RUN: dlc-opt %s --dlc-apply-optimizer='optimizer=adagrad:lr=0.1,initial_accumulator_value=0.25' | FileCheck %s --check-prefix=ADAGRAD
// RUN: not dlc-opt %s --dlc-apply-optimizer='optimizer=adam:momentum=0.9' 2>&1 | FileCheck %s --check-prefix=BADKEY

func.func @step(%x: tensor<3xf32>) -> (tensor<f32>, tensor<3xf32> {dlc.gradient_of = "w"}) {
  %w = dlc.param "w" {value = dense<1.0> : tensor<3xf32>} : tensor<3xf32>
  %l = dlc.constant dense<0.0> : tensor<f32>
  return %l, %x : tensor<f32>, tensor<3xf32>
}

// SGD-LABEL: func.func @step(
// SGD-SAME:    -> (tensor<f32>, tensor<3xf32> {dlc.update = "w"}, tensor<f32> {dlc.update = "optimizer.step"})
// SGD:         %[[W:.*]] = dlc.param "w"
// SGD:         %[[LR:.*]] = dlc.param "optimizer.lr" {value = dense<5.000000e-01> : tensor<f32>}
// SGD:         %[[STEP:.*]] = dlc.param "optimizer.step" {value = dense<0.000000e+00> : tensor<f32>}
// SGD:         %[[DELTA:.*]] = dlc.mul %[[LR]], %arg0
// SGD:         %[[NEW:.*]] = dlc.sub %[[W]], %[[DELTA]]
// SGD:         %[[NEXT:.*]] = dlc.add %[[STEP]]
// SGD:         return %{{.*}}, %[[NEW]], %[[NEXT]]

// NESTEROV-LABEL: func.func @step(
// NESTEROV-SAME:    tensor<3xf32> {dlc.update = "w.momentum_buffer"}, tensor<3xf32> {dlc.update = "w"}
// NESTEROV:         %[[BUF:.*]] = dlc.param "w.momentum_buffer" {value = dense<0.000000e+00> : tensor<3xf32>}
// NESTEROV:         %[[NEWBUF:.*]] = dlc.add %{{.*}}, %arg0
// NESTEROV:         %[[LOOK:.*]] = dlc.mul %{{.*}}, %[[NEWBUF]]
// NESTEROV:         dlc.add %arg0, %[[LOOK]]

// ADAM-LABEL: func.func @step(
// ADAM-SAME:    {dlc.update = "w.exp_avg"}, {{.*}} {dlc.update = "w.exp_avg_sq"}, {{.*}} {dlc.update = "w"}
// ADAM:         dlc.pow
// ADAM:         dlc.sqrt

// RMSPROP-LABEL: func.func @step(
// RMSPROP-SAME:    {dlc.update = "w.square_avg"}, {{.*}} {dlc.update = "w.grad_avg"}, {{.*}} {dlc.update = "w.momentum_buffer"}, {{.*}} {dlc.update = "w"}

// ADAGRAD-LABEL: func.func @step(
// ADAGRAD:         dlc.param "w.sum" {value = dense<2.500000e-01> : tensor<3xf32>}

// BADKEY: optimizer 'adam' has no key 'momentum'
