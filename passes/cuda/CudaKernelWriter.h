//===- CudaKernelWriter.h - ops of one launch as CUDA C++ statements ------===//
#ifndef DLC_PASSES_CUDA_CUDAKERNELWRITER_H
#define DLC_PASSES_CUDA_CUDAKERNELWRITER_H

#include "mlir/IR/Operation.h"
#include "mlir/IR/Value.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/Support/raw_ostream.h"

#include <string>

namespace dlc {

/// The C type of a scalar or an element type: float, double, bool,
/// int8_t ... int64_t (signless integers as signed; index as int64_t).
/// float16 and bfloat16 values are floats that hold values of the type.
mlir::FailureOr<std::string> cudaScalarType(mlir::Type type);

/// The C type of a buffer's elements of `type`: cudaScalarType's, but
/// uint16_t for float16 and bfloat16, stored as their bits.
mlir::FailureOr<std::string> cudaStorageType(mlir::Type type);

/// Whether GPU code stores `type` otherwise than it holds it (float16,
/// bfloat16): buffers of it are read through cudaLoad, written through
/// cudaStore.
bool isStoredAsBits(mlir::Type type);

/// `element`, an lvalue of a buffer of `type`, as a value.
std::string cudaLoad(const std::string &element, mlir::Type type);

/// `value` of `type` as a buffer of `type` stores it.
std::string cudaStore(const std::string &value, mlir::Type type);

/// `value`, computed in float, rounded to `type` where that is a 16-bit float.
std::string cudaRound(const std::string &value, mlir::Type type);

/// C literals of a float (f32, f64, and f16 and bf16 as floats; non-finite
/// values by their bits) and of an integer (i1 as true/false).
std::string cudaFloatLiteral(const llvm::APFloat &value, mlir::Type type);
std::string cudaIntegerLiteral(const llvm::APInt &value, mlir::Type type);

/// The C name of the file-scope array that holds memref.global `symbol`.
std::string cudaGlobalName(llvm::StringRef symbol);

/// Writes the statements of one __global__ function. Every scalar SSA
/// value becomes a const local (or a literal), every memref a base pointer
/// with an offset and strides, each an expression in the locals. A
/// memref.global is the file-scope array that cudaGlobalName names.
class CudaKernelWriter {
public:
  /// A memref: element `(i, j, ...)` is `base[offset + i*strides[0] + ...]`.
  /// `alignment`: what `base` is known to be a multiple of, in bytes (0:
  /// nothing known).
  struct View {
    std::string base;
    std::string offset;
    llvm::SmallVector<std::string> sizes;
    llvm::SmallVector<std::string> strides;
    int64_t alignment = 0;
  };

  explicit CudaKernelWriter(llvm::raw_ostream &os) : os(os) {}

  /// Names `value`: a scalar, or a memref whose buffer (laid out as its
  /// type says) starts at pointer `name` (a parameter, scratch, a global),
  /// a multiple of `alignment` bytes.
  mlir::LogicalResult bind(mlir::Value value, const std::string &name, int64_t alignment = 0);
  /// Names `value` (a loop index the caller computes).
  void bindScalar(mlir::Value value, const std::string &name) { scalars[value] = name; }
  /// The C expression of scalar `value` (a local, a literal, a bound name).
  mlir::FailureOr<std::string> nameOf(mlir::Value value) { return scalar(value); }
  /// How memref `value` is laid out, as bound or derived so far.
  mlir::FailureOr<View> viewOf(mlir::Value memref) { return view(memref); }
  /// The C lvalue of element `indices` of `memref`.
  mlir::FailureOr<std::string> elementOf(mlir::Value memref, mlir::ValueRange indices) {
    return element(memref, indices);
  }
  /// Writes `op` and what it contains.
  mlir::LogicalResult emit(mlir::Operation *op);
  /// Writes the ops of `block` but its terminator.
  mlir::LogicalResult emitBody(mlir::Block &block);
  /// A new local name: `prefix` and a number.
  std::string fresh(llvm::StringRef prefix);
  /// The start of a line at the current nesting.
  llvm::raw_ostream &line() { return os.indent(2 * depth); }
  void enter() { ++depth; }
  void leave() { --depth; }
  /// Ends a block: one level out, then its closing brace.
  void close() {
    leave();
    line() << "}\n";
  }

private:
  mlir::FailureOr<std::string> scalar(mlir::Value value);
  mlir::FailureOr<llvm::SmallVector<std::string>> names(mlir::ValueRange values);
  mlir::FailureOr<View> view(mlir::Value value);
  /// Declares `result` as `expression`, rounded to a 16-bit float result's
  /// type unless `exact`.
  mlir::LogicalResult declare(mlir::Value result, const std::string &expression,
                              bool exact = false);
  mlir::FailureOr<std::string> element(mlir::Value memref, mlir::ValueRange indices);
  mlir::LogicalResult emitArith(mlir::Operation *op);
  mlir::LogicalResult emitCast(mlir::Operation *op);
  mlir::LogicalResult emitMath(mlir::Operation *op);
  mlir::LogicalResult emitMemRef(mlir::Operation *op);
  mlir::LogicalResult emitFor(mlir::Operation *op);
  mlir::LogicalResult emitIf(mlir::Operation *op);
  mlir::LogicalResult emitParallel(mlir::Operation *op);
  mlir::LogicalResult assignYield(mlir::Operation *yield,
                                  llvm::ArrayRef<std::string> targets);

  llvm::raw_ostream &os;
  llvm::DenseMap<mlir::Value, std::string> scalars;
  llvm::DenseMap<mlir::Value, View> views;
  unsigned counter = 0;
  unsigned depth = 1;
};

} // namespace dlc

#endif // DLC_PASSES_CUDA_CUDAKERNELWRITER_H
