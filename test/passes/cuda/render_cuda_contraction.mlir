// RUN: dlc-opt --dlc-render-cuda %s | FileCheck %s
// RUN: dlc-opt --dlc-render-cuda=precision=tf32 %s | FileCheck %s --check-prefix=TF32
// RUN: dlc-opt --dlc-render-cuda=precision=fp16 %s | FileCheck %s --check-prefix=FP16
// RUN: not dlc-opt --dlc-render-cuda=precision=fp8 %s 2>&1 | FileCheck %s --check-prefix=BAD

// A launch that keeps a fill, a matmul and a Relu is one tiled kernel: 2
// tiles of 64 x 64 (96 columns) of 128 threads each, the products on the
// tensor cores, then per output element the fill's value plus the sum,
// through the Relu, stored. Its threads cooperate in emulation too.
// CHECK: module attributes {dlc.cuda_launches = "dlc_launch0 2 128 0 3\0Adlc_launch1 4 128 0 4\0A"
// CHECK-SAME: void dlc_split_tf32(
// CHECK-SAME: // tiles over 2 x 128 threads
// CHECK-SAME: __launch_bounds__(128) dlc_launch0(float* a0, float* a1, float* a2)
// CHECK-SAME: // GEMM of 64 rows, 96 columns, 128 deep, 1 batch; tensor cores, float32-exact (3xTF32)
// Each thread loads 16 elements of a tile: x's along one depth index, w's
// along one column, each index computed once, before the unrolled loop.
// CHECK-SAME: const int k = threadIdx.x % 32;
// CHECK-SAME: const int inner = depthBegin + k;
// CHECK-SAME: #pragma unroll
// CHECK-SAME: const int o = threadIdx.x / 32 + i * 4;
// CHECK-SAME: nextA[i] = a0[outer * 128 + inner];
// CHECK-SAME: const int o = threadIdx.x % 64;
// CHECK-SAME: const int outer = tileColumn + o;
// CHECK-SAME: #pragma unroll
// CHECK-SAME: const int k = threadIdx.x / 64 + i * 2;
// CHECK-SAME: nextB[i] = a1[inner * 96 + outer];
// The second tile's last 32 columns lie past the 96th: those warps skip
// their products, and so do the others' past it.
// CHECK-SAME: if (tileColumn + warpColumn < 96) {
// CHECK-SAME: if (!(tileColumn + warpColumn + j * 8 < 96)) continue;
// CHECK-SAME: dlc_mma_m16n8k8_tf32(accum[i][j], smallA[i], bigB[j], accum[i][j]);
// CHECK-SAME: if (row < 64 && column < 96) {
// CHECK-SAME: const float [[SUM:v[0-9]+]] = 0.0f + accum[i][j][h];
// CHECK-SAME: a2[row * 96 + column] =
// CHECK-SAME: dlc_emulation_run(dlc_launch0_thread, args, grid, block, true);
// A convolution of a padded copy (after expand-strided-metadata, the copy
// goes through a reinterpret_cast): the kernel reads the input where the
// copy put it and the fill's zero elsewhere, and writes no padded buffer.
// CHECK-SAME: // GEMM of 16 rows, 256 columns, 72 deep, 1 batch
// CHECK-SAME: nextB[i] = ([[H:\(d[0-9]+ \+ d[0-9]+\)]] >= 1 && [[H]] < 17 && [[W:\(d[0-9]+ \+ d[0-9]+\)]] >= 1 && [[W]] < 17 ? a0[{{.*}}([[H]] - 1) * 16 + ([[W]] - 1)] : 0.0f);
// CHECK-SAME: if (tileRow + warpRow < 16) {
// CHECK-SAME: if (!(tileRow + warpRow + i * 16 < 16)) continue;
// CHECK-NOT: a3[
// CHECK-SAME: dlc_launch1_emulated
// CHECK: func.func private @dense_contraction0(memref<64x128xf32>, memref<128x96xf32>, memref<64x96xf32>) attributes {dlc.launch = 0 : i64}
// TF32: tensor cores, tf32
// TF32-NOT: smallA
// FP16: DLC_HALF_MMA(f16)
// FP16: tensor cores, fp16 operands
// FP16-NOT: dlc_to_tf32(shA
// FP16: dlc_mma_m16n8k16_f16(accum[i][j], packedA[i], packedB[j], accum[i][j]);
// BAD: precision is fp32, tf32, bf16 or fp16, not 'fp8'
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
  func.func private @padded_contraction0(%x: memref<1x8x16x16xf32>, %f: memref<16x8x3x3xf32>,
                                         %y: memref<1x16x16x16xf32>, %scratch: memref<10368xi8>)
      attributes {dlc.launch = 1 : i64} {
    %zero = arith.constant 0.0 : f32
    %c0 = arith.constant 0 : index
    %padded = memref.view %scratch[%c0][] : memref<10368xi8> to memref<1x8x18x18xf32>
    linalg.fill ins(%zero : f32) outs(%padded : memref<1x8x18x18xf32>)
    %base, %offset, %sizes:4, %strides:4 = memref.extract_strided_metadata %padded
        : memref<1x8x18x18xf32> -> memref<f32>, index, index, index, index, index, index, index, index, index
    %inner = memref.reinterpret_cast %base to offset: [19], sizes: [1, 8, 16, 16], strides: [2592, 324, 18, 1]
        : memref<f32> to memref<1x8x16x16xf32, strided<[2592, 324, 18, 1], offset: 19>>
    linalg.copy ins(%x : memref<1x8x16x16xf32>)
        outs(%inner : memref<1x8x16x16xf32, strided<[2592, 324, 18, 1], offset: 19>>)
    linalg.fill ins(%zero : f32) outs(%y : memref<1x16x16x16xf32>)
    linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
        ins(%padded, %f : memref<1x8x18x18xf32>, memref<16x8x3x3xf32>) outs(%y : memref<1x16x16x16xf32>)
    return
  }
}
