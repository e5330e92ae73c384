// A launch with a float16 scalar argument, which GPU code takes only in buffers.
module {
  func.func private @k_launch0(%v: f16, %y: memref<8xf16>) attributes {dlc.launch = 0 : i64} {
    %c0 = arith.constant 0 : index
    memref.store %v, %y[%c0] : memref<8xf16>
    return
  }
}
