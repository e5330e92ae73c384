// RUN: dlc-opt --dlc-form-tiled-launches --split-input-file %s | FileCheck %s
// RUN: dlc-opt --dlc-form-tiled-launches=tensor-cores=false --split-input-file %s \
// RUN:   | FileCheck %s --check-prefix=NOTC

// A bias fill, a matmul and a Relu after it: one launch that keeps the
// three linalg ops and copies the constant the Relu reads; the kernel calls
// it in their place.
// CHECK-LABEL: func.func @dense
// Without tensor cores the same ops are a row group: a warp per output
// element sums its 128 products.
// NOTC-LABEL: func.func @dense
// NOTC: call @dense_rows0(
// NOTC-NOT: linalg
// NOTC: func.func private @dense_rows0(
// NOTC-NEXT: arith.constant
// NOTC-NEXT: linalg.generic
// NOTC: linalg.matmul
// CHECK-SAME: (%[[X:.*]]: memref<64x128xf32>, %[[W:.*]]: memref<128x96xf32>, %[[B:.*]]: memref<96xf32>, %[[Y:.*]]: memref<64x96xf32>)
// CHECK: call @dense_contraction0(%[[X]], %[[W]], %[[B]], %[[Y]])
// CHECK-NEXT: return
// CHECK: func.func private @dense_contraction0(
// CHECK-SAME: dlc.launch = 0 : i64
// CHECK-NEXT: arith.constant 0.0
// CHECK-NEXT: linalg.generic
// CHECK: linalg.matmul
// CHECK: linalg.generic
// CHECK: arith.maximumf
// CHECK: return
#bias = affine_map<(d0, d1) -> (d1)>
#id = affine_map<(d0, d1) -> (d0, d1)>
func.func @dense(%x: memref<64x128xf32>, %w: memref<128x96xf32>, %b: memref<96xf32>,
                 %y: memref<64x96xf32>) attributes {dlc.kernel} {
  %zero = arith.constant 0.0 : f32
  linalg.generic {indexing_maps = [#bias, #id], iterator_types = ["parallel", "parallel"]}
      ins(%b : memref<96xf32>) outs(%y : memref<64x96xf32>) {
  ^bb0(%in: f32, %out: f32):
    linalg.yield %in : f32
  }
  linalg.matmul ins(%x, %w : memref<64x128xf32>, memref<128x96xf32>) outs(%y : memref<64x96xf32>)
  linalg.generic {indexing_maps = [#id], iterator_types = ["parallel", "parallel"]}
      outs(%y : memref<64x96xf32>) {
  ^bb0(%out: f32):
    %r = arith.maximumf %out, %zero : f32
    linalg.yield %r : f32
  }
  return
}

// -----

// Too few products (8 x 8 x 8) for a tile: the loops do them.
// CHECK-LABEL: func.func @small
// CHECK-NEXT: linalg.matmul
// CHECK-NOT: dlc.launch
func.func @small(%a: memref<8x8xf32>, %b: memref<8x8xf32>, %c: memref<8x8xf32>) {
  linalg.matmul ins(%a, %b : memref<8x8xf32>, memref<8x8xf32>) outs(%c : memref<8x8xf32>)
  return
}

// -----

// A convolution reading padded input from the caller's scratch: the launch
// makes the view itself. The zero fill of the padding writes other bytes
// and stays. An op after the contraction that reads the output transposed
// would read what other threads write: it stays too.
// CHECK-LABEL: func.func @conv
// CHECK-SAME: (%[[X:.*]]: memref<1x8x16x16xf32>, %[[F:.*]]: memref<16x8x3x3xf32>, %[[Y:.*]]: memref<1x16x16x16xf32>, %[[S:.*]]: memref<10368xi8>, %[[T:.*]]: memref<1x16x16x16xf32>)
// CHECK: linalg.fill ins(%{{.*}}) outs(%[[PADDED:.*]] : memref<1x8x18x18xf32>)
// CHECK-NEXT: call @conv_contraction0(%[[F]], %[[Y]], %[[S]])
// CHECK-NEXT: linalg.generic
// CHECK: func.func private @conv_contraction0(%{{.*}}: memref<16x8x3x3xf32>, %{{.*}}: memref<1x16x16x16xf32>, %[[SCRATCH:.*]]: memref<10368xi8>)
// CHECK: memref.view %[[SCRATCH]]
// CHECK: linalg.fill
// CHECK-NEXT: linalg.conv_2d_nchw_fchw
// CHECK-NEXT: return
func.func @conv(%x: memref<1x8x16x16xf32>, %f: memref<16x8x3x3xf32>, %y: memref<1x16x16x16xf32>,
                %scratch: memref<10368xi8>, %t: memref<1x16x16x16xf32>) attributes {dlc.kernel} {
  %zero = arith.constant 0.0 : f32
  %c0 = arith.constant 0 : index
  %padded = memref.view %scratch[%c0][] : memref<10368xi8> to memref<1x8x18x18xf32>
  linalg.fill ins(%zero : f32) outs(%padded : memref<1x8x18x18xf32>)
  linalg.fill ins(%zero : f32) outs(%y : memref<1x16x16x16xf32>)
  linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
      ins(%padded, %f : memref<1x8x18x18xf32>, memref<16x8x3x3xf32>) outs(%y : memref<1x16x16x16xf32>)
  linalg.generic {indexing_maps = [affine_map<(n, c, h, w) -> (n, c, w, h)>,
                                   affine_map<(n, c, h, w) -> (n, c, h, w)>],
                  iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%y : memref<1x16x16x16xf32>) outs(%y : memref<1x16x16x16xf32>) {
  ^bb0(%in: f32, %out: f32):
    %s = arith.addf %in, %out : f32
    linalg.yield %s : f32
  }
  return
}

// -----

// A convolution of a padded copy of its input (what lowering makes of a
// Conv's pads): the zero fill, the copy into the middle and the bias fill
// move into the launch, which reads the input in place. With a deep
// filter the depth is split: the bias fill runs first, in the caller, and
// the launch goes where the convolution was.
// CHECK-LABEL: func.func @padded
// CHECK-SAME: (%[[X:.*]]: memref<1x8x16x16xf32>, %[[F:.*]]: memref<16x8x3x3xf32>, %[[Y:.*]]: memref<1x16x16x16xf32>, %[[S:.*]]: memref<10368xi8>)
// CHECK-NOT: linalg
// CHECK: call @padded_contraction0(%[[X]], %[[F]], %[[Y]], %[[S]])
// CHECK-NEXT: return
// CHECK: func.func private @padded_contraction0(
// CHECK: memref.view
// CHECK: linalg.fill
// CHECK-NEXT: memref.subview
// CHECK-NEXT: linalg.copy
// CHECK-NEXT: linalg.fill
// CHECK-NEXT: linalg.conv_2d_nchw_fchw
// CHECK-LABEL: func.func @deep
// CHECK: linalg.fill ins(%{{.*}}) outs(%[[DY:.*]] : memref<1x64x4x4xf32>)
// CHECK-NEXT: call @deep_contraction0(
// CHECK-NEXT: return
// CHECK: func.func private @deep_contraction0(
// CHECK: linalg.fill
// CHECK-NEXT: memref.subview
// CHECK-NEXT: linalg.copy
// CHECK-NEXT: linalg.conv_2d_nchw_fchw
func.func @padded(%x: memref<1x8x16x16xf32>, %f: memref<16x8x3x3xf32>, %y: memref<1x16x16x16xf32>,
                  %scratch: memref<10368xi8>) attributes {dlc.kernel} {
  %zero = arith.constant 0.0 : f32
  %c0 = arith.constant 0 : index
  %padded = memref.view %scratch[%c0][] : memref<10368xi8> to memref<1x8x18x18xf32>
  linalg.fill ins(%zero : f32) outs(%padded : memref<1x8x18x18xf32>)
  %inner = memref.subview %padded[0, 0, 1, 1] [1, 8, 16, 16] [1, 1, 1, 1]
      : memref<1x8x18x18xf32> to memref<1x8x16x16xf32, strided<[2592, 324, 18, 1], offset: 19>>
  linalg.copy ins(%x : memref<1x8x16x16xf32>)
      outs(%inner : memref<1x8x16x16xf32, strided<[2592, 324, 18, 1], offset: 19>>)
  linalg.fill ins(%zero : f32) outs(%y : memref<1x16x16x16xf32>)
  linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
      ins(%padded, %f : memref<1x8x18x18xf32>, memref<16x8x3x3xf32>) outs(%y : memref<1x16x16x16xf32>)
  return
}
func.func @deep(%x: memref<1x512x4x4xf32>, %f: memref<64x512x3x3xf32>, %y: memref<1x64x4x4xf32>,
                %scratch: memref<73728xi8>) attributes {dlc.kernel} {
  %zero = arith.constant 0.0 : f32
  %c0 = arith.constant 0 : index
  %padded = memref.view %scratch[%c0][] : memref<73728xi8> to memref<1x512x6x6xf32>
  linalg.fill ins(%zero : f32) outs(%padded : memref<1x512x6x6xf32>)
  %inner = memref.subview %padded[0, 0, 1, 1] [1, 512, 4, 4] [1, 1, 1, 1]
      : memref<1x512x6x6xf32> to memref<1x512x4x4xf32, strided<[18432, 36, 6, 1], offset: 7>>
  linalg.copy ins(%x : memref<1x512x4x4xf32>)
      outs(%inner : memref<1x512x4x4xf32, strided<[18432, 36, 6, 1], offset: 7>>)
  linalg.fill ins(%zero : f32) outs(%y : memref<1x64x4x4xf32>)
  linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
      ins(%padded, %f : memref<1x512x6x6xf32>, memref<64x512x3x3xf32>) outs(%y : memref<1x64x4x4xf32>)
  return
}

// -----

// Operands the function computes itself (an allocation) are not the
// launch's to read: nothing moves. Two contractions over arguments become
// two launches, numbered in order.
// CHECK-LABEL: func.func @local
// CHECK: memref.alloca
// CHECK-NEXT: linalg.matmul
// CHECK-NEXT: call @local_contraction0
// CHECK: func.func private @local_contraction0({{.*}}dlc.launch = 0 : i64
// CHECK-LABEL: func.func @two
// CHECK-NEXT: call @two_contraction0
// CHECK-NEXT: call @two_contraction1
// CHECK: func.func private @two_contraction1({{.*}}dlc.launch = 2 : i64
// CHECK: func.func private @two_contraction0({{.*}}dlc.launch = 1 : i64
func.func @local(%a: memref<64x64xf32>, %c: memref<64x64xf32>, %d: memref<64x64xf32>) {
  %b = memref.alloca() : memref<64x64xf32>
  linalg.matmul ins(%a, %b : memref<64x64xf32>, memref<64x64xf32>) outs(%c : memref<64x64xf32>)
  linalg.matmul ins(%a, %a : memref<64x64xf32>, memref<64x64xf32>) outs(%d : memref<64x64xf32>)
  return
}
func.func @two(%a: memref<64x64xf32>, %b: memref<64x64xf32>, %c: memref<64x64xf32>,
               %d: memref<64x64xf32>) {
  linalg.matmul ins(%a, %b : memref<64x64xf32>, memref<64x64xf32>) outs(%c : memref<64x64xf32>)
  linalg.matmul ins(%b, %a : memref<64x64xf32>, memref<64x64xf32>) outs(%d : memref<64x64xf32>)
  return
}

// -----

// A softmax: the row maxima, the exponentials, their sums (into the bytes
// of the dead maxima), the quotients. One warp-per-row launch takes it all,
// views included; it forms without tensor cores too.
// CHECK-LABEL: func.func @softmax
// CHECK-SAME: (%[[X:.*]]: memref<16x64xf32>, %[[Y:.*]]: memref<16x64xf32>, %[[S:.*]]: memref<64xi8>)
// CHECK: call @softmax_rows0(%[[X]], %[[Y]], %[[S]])
// CHECK-NOT: linalg
// CHECK: return
// CHECK: func.func private @softmax_rows0({{.*}}dlc.launch = 0 : i64
// CHECK-COUNT-2: memref.view
// CHECK: linalg.fill
// CHECK: linalg.reduce
// CHECK: linalg.generic
// CHECK: linalg.fill
// CHECK: linalg.reduce
// CHECK: linalg.generic
// CHECK: arith.divf
// NOTC-LABEL: func.func @softmax
// NOTC: call @softmax_rows0
#rows = affine_map<(d0, d1) -> (d0)>
#all = affine_map<(d0, d1) -> (d0, d1)>
func.func @softmax(%x: memref<16x64xf32>, %y: memref<16x64xf32>, %scratch: memref<64xi8>) {
  %c0 = arith.constant 0 : index
  %lowest = arith.constant 0xFF800000 : f32
  %zero = arith.constant 0.0 : f32
  %max = memref.view %scratch[%c0][] : memref<64xi8> to memref<16xf32>
  linalg.fill ins(%lowest : f32) outs(%max : memref<16xf32>)
  linalg.reduce ins(%x : memref<16x64xf32>) outs(%max : memref<16xf32>) dimensions = [1]
    (%in: f32, %acc: f32) {
      %m = arith.maximumf %in, %acc : f32
      linalg.yield %m : f32
    }
  linalg.generic {indexing_maps = [#all, #rows, #all], iterator_types = ["parallel", "parallel"]}
      ins(%x, %max : memref<16x64xf32>, memref<16xf32>) outs(%y : memref<16x64xf32>) {
  ^bb0(%in: f32, %m: f32, %out: f32):
    %d = arith.subf %in, %m : f32
    %e = math.exp %d : f32
    linalg.yield %e : f32
  }
  %sum = memref.view %scratch[%c0][] : memref<64xi8> to memref<16xf32>
  linalg.fill ins(%zero : f32) outs(%sum : memref<16xf32>)
  linalg.reduce ins(%y : memref<16x64xf32>) outs(%sum : memref<16xf32>) dimensions = [1]
    (%in: f32, %acc: f32) {
      %a = arith.addf %in, %acc : f32
      linalg.yield %a : f32
    }
  linalg.generic {indexing_maps = [#rows, #all], iterator_types = ["parallel", "parallel"]}
      ins(%sum : memref<16xf32>) outs(%y : memref<16x64xf32>) {
  ^bb0(%s: f32, %out: f32):
    %q = arith.divf %out, %s : f32
    linalg.yield %q : f32
  }
  return
}

// -----

// Rows of 16 elements leave half a warp idle: the loops keep them. A
// reduction whose later op reads another row's sum (the rows reversed)
// needs other warps' results: it stays too, and so does a combiner that
// is not associative.
// CHECK-LABEL: func.func @short
// CHECK-NOT: call
// CHECK-LABEL: func.func @across
// CHECK-NOT: call
// CHECK-LABEL: func.func @subtract
// CHECK-NOT: call
func.func @short(%x: memref<8x16xf32>, %s: memref<8xf32>) {
  linalg.reduce ins(%x : memref<8x16xf32>) outs(%s : memref<8xf32>) dimensions = [1]
    (%in: f32, %acc: f32) {
      %a = arith.addf %in, %acc : f32
      linalg.yield %a : f32
    }
  return
}
func.func @across(%x: memref<8x64xf32>, %s: memref<8xf32>, %y: memref<8x64xf32>) {
  linalg.reduce ins(%x : memref<8x64xf32>) outs(%s : memref<8xf32>) dimensions = [1]
    (%in: f32, %acc: f32) {
      %a = arith.addf %in, %acc : f32
      linalg.yield %a : f32
    }
  linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (7 - d0)>, affine_map<(d0, d1) -> (d0, d1)>],
                  iterator_types = ["parallel", "parallel"]}
      ins(%s : memref<8xf32>) outs(%y : memref<8x64xf32>) {
  ^bb0(%in: f32, %out: f32):
    linalg.yield %in : f32
  }
  return
}
func.func @subtract(%x: memref<8x64xf32>, %s: memref<8xf32>) {
  linalg.reduce ins(%x : memref<8x64xf32>) outs(%s : memref<8xf32>) dimensions = [1]
    (%in: f32, %acc: f32) {
      %a = arith.subf %in, %acc : f32
      linalg.yield %a : f32
    }
  return
}
