// RUN: dlc-opt --dlc-render-cuda %s | FileCheck %s

// A launch that keeps a softmax's row ops is one kernel with a warp per
// row: 16 rows on 2 blocks of 8 warps. Each lane takes every 32nd element;
// the maxima and sums combine across lanes by shuffles and stay in one
// register, since both views name the same bytes; lane 0 stores it once,
// after its last value. The exponentials are read back after a __syncwarp.
// CHECK: module attributes {dlc.cuda_launches = "dlc_launch0 2 256 0 3\0Adlc_launch1 4 256 0 3\0A"
// CHECK-SAME: // 16 rows of 64 elements, a warp per row
// CHECK-SAME: for (int row = ((int)blockIdx.x * blockDim.x + threadIdx.x) / 32; row < 16;
// CHECK-SAME: float [[ROW:row[0-9]+]] = __int_as_float((int)0xff800000u);
// CHECK-SAME: for (int [[J:j[0-9]+]] = lane; [[J]] < 64; [[J]] += 32) {
// CHECK-SAME: __shfl_xor_sync(0xffffffffu, [[PART:part[0-9]+]], s);
// CHECK-SAME: expf(
// CHECK-SAME: __syncwarp();
// CHECK-SAME: [[ROW]] = 0.0f;
// CHECK-NOT: if (lane == 0)
// CHECK-SAME: if (lane == 0)\0A{{ *}}((float*)((char*)a2 + 0))[row] = [[ROW]];
// CHECK-SAME: a1[row * 64 + {{[^]]*}}] = v{{[0-9]+}};
// CHECK-SAME: dlc_emulation_run(dlc_launch0_thread, args, grid, block, true);
// A few long rows take a block each: threads stride over a row's elements,
// each warp combines its lanes' parts by shuffles, and every thread combines
// the warps' parts from shared memory, between two barriers; thread 0
// stores the row's value, and the block synchronizes after writing elements.
// CHECK-SAME: // 4 rows of 8192 elements, a block per row
// CHECK-SAME: for (int row = blockIdx.x; row < 4; row += gridDim.x) {
// CHECK-SAME: for (int [[J2:j[0-9]+]] = threadIdx.x; [[J2]] < 8192; [[J2]] += 256) {
// CHECK-SAME: __shfl_xor_sync(0xffffffffu,
// CHECK-SAME: __shared__ float [[PARTS:warpParts[0-9]+]][8];
// CHECK-SAME: [[PARTS]][threadIdx.x / 32] = [[PART2:part[0-9]+]];
// CHECK-SAME: __syncthreads();
// CHECK-SAME: [[PART2]] = [[PARTS]][0];
// CHECK-SAME: for (int k = 1; k < 8; ++k) {
// CHECK-SAME: __syncthreads();
// CHECK-SAME: if (threadIdx.x == 0)
// CHECK-SAME: a1[row * 8192 + {{[^]]*}}] = v{{[0-9]+}};
// CHECK-SAME: __syncthreads();
// CHECK-SAME: dlc_emulation_run(dlc_launch1_thread, args, grid, block, true);
#rows = affine_map<(d0, d1) -> (d0)>
#all = affine_map<(d0, d1) -> (d0, d1)>
module {
  func.func private @softmax_rows0(%x: memref<16x64xf32>, %y: memref<16x64xf32>,
                                   %scratch: memref<64xi8>) attributes {dlc.launch = 0 : i64} {
    %c0 = arith.constant 0 : index
    %lowest = arith.constant 0xFF800000 : f32
    %zero = arith.constant 0.0 : f32
    %max = memref.view %scratch[%c0][] : memref<64xi8> to memref<16xf32>
    linalg.fill ins(%lowest : f32) outs(%max : memref<16xf32>)
    linalg.reduce ins(%x : memref<16x64xf32>) outs(%max : memref<16xf32>) dimensions = [1]
      (%in: f32, %acc: f32) {
        %m = arith.maxnumf %in, %acc : f32
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
  func.func private @normalize_rows1(%x: memref<4x8192xf32>, %y: memref<4x8192xf32>,
                                     %s: memref<4xf32>) attributes {dlc.launch = 1 : i64} {
    %zero = arith.constant 0.0 : f32
    linalg.fill ins(%zero : f32) outs(%s : memref<4xf32>)
    linalg.reduce ins(%x : memref<4x8192xf32>) outs(%s : memref<4xf32>) dimensions = [1]
      (%in: f32, %acc: f32) {
        %a = arith.addf %in, %acc : f32
        linalg.yield %a : f32
      }
    linalg.generic {indexing_maps = [#all, #rows, #all], iterator_types = ["parallel", "parallel"]}
        ins(%x, %s : memref<4x8192xf32>, memref<4xf32>) outs(%y : memref<4x8192xf32>) {
    ^bb0(%in: f32, %t: f32, %out: f32):
      %q = arith.divf %in, %t : f32
      linalg.yield %q : f32
    }
    return
  }
}
