// RUN: dlc-opt --dlc-render-cuda %s | FileCheck %s
// RUN: not dlc-opt --dlc-render-cuda %S/Inputs/half_scalar_launch.mlir 2>&1 \
// RUN:   | FileCheck %s --check-prefix=SCALAR

// float16 and bfloat16 buffers hold their bits (uint16_t) and GPU code holds
// their values in floats: a load converts exactly, each result rounds to its
// type (a double through a float rounded to odd, so that it rounds once), a
// store converts back; a constant array keeps its bits. The conversions come
// with the source only when a launch needs them. No float4 for 16-bit
// elements.
// CHECK: dlc.cuda_source =
// CHECK-SAME: __device__ const uint16_t g_scale[2] = {
// CHECK-SAME: 15360, 16384};
// CHECK-SAME: __device__ __forceinline__ float dlc_from_f16(uint16_t bits)
// CHECK-SAME: __device__ __forceinline__ float dlc_round_bf16(float x)
// CHECK-SAME: dlc_launch0(uint16_t* a0, double* a1, uint16_t* a2, uint16_t* a3)
// CHECK-NOT: float4
// CHECK-SAME: const float [[X:v[0-9]+]] = dlc_from_f16(a0[{{[a-z0-9]+}}]);
// CHECK-SAME: const float [[S:v[0-9]+]] = dlc_from_f16(g_scale[{{[a-z0-9]+}}]);
// CHECK-SAME: const float [[P:v[0-9]+]] = dlc_round_f16(([[X]] * [[S]]));
// CHECK-SAME: const float [[H:v[0-9]+]] = dlc_round_f16(([[P]] + 0.5f));
// CHECK-SAME: = dlc_round_f16(expf(
// CHECK-SAME: = dlc_round_f16(dlc_round_odd_f32((double)
// CHECK-SAME: a2[{{[a-z0-9]+}}] = dlc_to_f16(
// CHECK-SAME: = dlc_round_bf16((float)
// CHECK-SAME: a3[{{[a-z0-9]+}}] = dlc_to_bf16(
// CHECK-SAME: dlc_launch0(*(uint16_t* const *)args[0], *(double* const *)args[1], *(uint16_t* const *)args[2], *(uint16_t* const *)args[3]);

// A matmul of float16 operands summed in float32 (each operand extended in
// its body) is a tensor-core kernel on the operands as they are: loaded
// from their bits, multiplied by m16n8k16 f16, stored as float32.
// CHECK-SAME: dlc_launch1(uint16_t* a0, uint16_t* a1, float* a2)
// CHECK-SAME: GEMM of 64 rows, 96 columns, 128 deep, 1 batch; tensor cores, fp16 operands
// CHECK-SAME: nextA[i] = dlc_from_f16(a0[outer * 128 + inner]);
// CHECK-SAME: dlc_mma_m16n8k16_f16(accum[i][j], packedA[i], packedB[j], accum[i][j]);
// CHECK-SAME: a2[row * 96 + column] = v

// SCALAR: a GPU launch takes 16-bit floats in buffers, not as 'f16'
module {
  memref.global "private" constant @scale : memref<2xf16> = dense<[1.0, 2.0]>
  func.func private @k_launch0(%x: memref<8xf16>, %d: memref<8xf64>, %y: memref<8xf16>,
                               %z: memref<8xbf16>) attributes {dlc.launch = 0 : i64} {
    %c0 = arith.constant 0 : index
    %c1 = arith.constant 1 : index
    %c2 = arith.constant 2 : index
    %c8 = arith.constant 8 : index
    %half = arith.constant 0.5 : f16
    %scale = memref.get_global @scale : memref<2xf16>
    scf.parallel (%i) = (%c0) to (%c8) step (%c1) {
      %a = memref.load %x[%i] : memref<8xf16>
      %j = arith.remui %i, %c2 : index
      %s = memref.load %scale[%j] : memref<2xf16>
      %p = arith.mulf %a, %s : f16
      %h = arith.addf %p, %half : f16
      %e = math.exp %h : f16
      %w = memref.load %d[%i] : memref<8xf64>
      %n = arith.truncf %w : f64 to f16
      %sum = arith.addf %e, %n : f16
      memref.store %sum, %y[%i] : memref<8xf16>
      %wide = arith.extf %sum : f16 to f32
      %b = arith.truncf %wide : f32 to bf16
      memref.store %b, %z[%i] : memref<8xbf16>
      scf.reduce
    }
    return
  }
  func.func private @k_launch1(%x: memref<64x128xf16>, %w: memref<128x96xf16>,
                               %y: memref<64x96xf32>) attributes {dlc.launch = 1 : i64} {
    %zero = arith.constant 0.0 : f32
    linalg.fill ins(%zero : f32) outs(%y : memref<64x96xf32>)
    linalg.matmul ins(%x, %w : memref<64x128xf16>, memref<128x96xf16>) outs(%y : memref<64x96xf32>)
    return
  }
}
