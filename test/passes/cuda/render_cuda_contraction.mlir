// RUN: dlc-opt --dlc-render-cuda %s | FileCheck %s
// RUN: dlc-opt --dlc-render-cuda=precision=tf32 %s | FileCheck %s --check-prefix=TF32
// RUN: not dlc-opt --dlc-render-cuda=precision=fp16 %s 2>&1 | FileCheck %s --check-prefix=BAD

// A launch that keeps a fill, a matmul and a Relu is one tiled kernel: 2
// tiles of 64 x 64 (96 columns) of 128 threads each, the products on the
// tensor cores, then per output element the fill's value plus the sum,
// through the Relu, stored. Its threads cooperate in emulation too.
// CHECK: module attributes {dlc.cuda_launches = "dlc_launch0 2 128 0 3\0A"
// CHECK-SAME: void dlc_split_tf32(
// CHECK-SAME: // tiles over 2 x 128 threads
// CHECK-SAME: __launch_bounds__(128) dlc_launch0(float* a0, float* a1, float* a2)
// CHECK-SAME: // GEMM of 64 rows, 96 columns, 128 deep, 1 batch; tensor cores, float32-exact (3xTF32)
// CHECK-SAME: nextA[i] = a0[outer * 128 + inner];
// CHECK-SAME: nextB[i] = a1[inner * 96 + outer];
// CHECK-SAME: dlc_mma_m16n8k8_tf32(accum[i][j], smallA[i], bigB[j], accum[i][j]);
// CHECK-SAME: if (row < 64 && column < 96) {
// CHECK-SAME: const float [[SUM:v[0-9]+]] = 0.0f + accum[i][j][h];
// CHECK-SAME: a2[row * 96 + column] =
// CHECK-SAME: dlc_emulation_run(dlc_launch0_thread, args, grid, block, true);
// CHECK: func.func private @dense_contraction0(memref<64x128xf32>, memref<128x96xf32>, memref<64x96xf32>) attributes {dlc.launch = 0 : i64}
// TF32: tensor cores, tf32
// TF32-NOT: smallA
// BAD: precision is fp32 or tf32, not 'fp16'
#id = affine_map<(d0, d1) -> (d0, d1)>
module {
  func.func private @dense_contraction0(%x: memref<64x128xf32>, %w: memref<128x96xf32>,
                                        %y: memref<64x96xf32>) attributes {dlc.launch = 0 : i64} {
    %zero = arith.constant 0.0 : f32
    linalg.fill ins(%zero : f32) outs(%y : memref<64x96xf32>)
    linalg.matmul ins(%x, %w : memref<64x128xf32>, memref<128x96xf32>) outs(%y : memref<64x96xf32>)
    linalg.generic {indexing_maps = [#id], iterator_types = ["parallel", "parallel"]}
        outs(%y : memref<64x96xf32>) {
    ^bb0(%out: f32):
      %r = arith.cmpf ugt, %out, %zero : f32
      %s = arith.select %r, %out, %zero : f32
      linalg.yield %s : f32
    }
    return
  }
}
