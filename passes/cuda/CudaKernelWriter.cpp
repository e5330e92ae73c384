//===- CudaKernelWriter.cpp - ops of one launch as CUDA C++ statements ----===//
#include "passes/cuda/CudaKernelWriter.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/BuiltinTypes.h"
#include "llvm/ADT/TypeSwitch.h"
#include "llvm/Support/FormatVariadic.h"

#include <cctype>
#include <cmath>
#include <cstdio>
#include <numeric>

using namespace mlir;
using namespace dlc;

// Larger scratch arrays would spill every thread's copy to local memory.
static constexpr int64_t kMaxScratchBytes = 16 * 1024;

FailureOr<std::string> dlc::cudaScalarType(Type type) {
  if (type.isF32() || isStoredAsBits(type))
    return std::string("float");
  if (type.isF64())
    return std::string("double");
  if (type.isIndex())
    return std::string("int64_t");
  if (auto integer = dyn_cast<IntegerType>(type)) {
    switch (integer.getWidth()) {
    case 1: return std::string("bool");
    case 8: return std::string("int8_t");
    case 16: return std::string("int16_t");
    case 32: return std::string("int32_t");
    case 64: return std::string("int64_t");
    default: break;
    }
  }
  return failure();
}

bool dlc::isStoredAsBits(Type type) { return type.isF16() || type.isBF16(); }

FailureOr<std::string> dlc::cudaStorageType(Type type) {
  return isStoredAsBits(type) ? FailureOr<std::string>(std::string("uint16_t"))
                              : cudaScalarType(type);
}

// `value` through the prelude's `stem`f16 or `stem`bf16 where `type` is
// one of those, else `value`.
static std::string throughHalfHelper(StringRef stem, const std::string &value, Type type) {
  if (!isStoredAsBits(type))
    return value;
  return (stem + (type.isF16() ? "f16(" : "bf16(") + value + ")").str();
}

std::string dlc::cudaLoad(const std::string &element, Type type) {
  return throughHalfHelper("dlc_from_", element, type);
}

std::string dlc::cudaStore(const std::string &value, Type type) {
  return throughHalfHelper("dlc_to_", value, type);
}

std::string dlc::cudaRound(const std::string &value, Type type) {
  return throughHalfHelper("dlc_round_", value, type);
}

std::string dlc::cudaGlobalName(StringRef symbol) {
  std::string name = "g_";
  for (char c : symbol)
    name += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
  return name;
}

namespace {
// The unsigned type of an integer's width (bool for i1).
std::string unsignedType(Type type) {
  unsigned width = type.isIndex() ? 64 : type.getIntOrFloatBitWidth();
  return width == 1 ? "bool" : "uint" + std::to_string(width) + "_t";
}

} // namespace

std::string dlc::cudaFloatLiteral(const APFloat &value, Type type) {
  if (isStoredAsBits(type)) {
    // A float holds every 16-bit value exactly.
    APFloat single = value;
    bool losesInfo = false;
    single.convert(APFloat::IEEEsingle(), APFloat::rmNearestTiesToEven, &losesInfo);
    return cudaFloatLiteral(single, Float32Type::get(type.getContext()));
  }
  bool f32 = type.isF32();
  if (!value.isFinite()) {
    uint64_t bits = value.bitcastToAPInt().getZExtValue();
    return f32 ? llvm::formatv("__int_as_float((int)0x{0:x-}u)", bits).str()
               : llvm::formatv("__longlong_as_double((long long)0x{0:x-}ull)", bits).str();
  }
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, f32 ? "%.9g" : "%.17g", value.convertToDouble());
  std::string text = buffer;
  if (text.find_first_of(".e") == std::string::npos)
    text += ".0";
  return f32 ? text + "f" : text;
}

std::string dlc::cudaIntegerLiteral(const APInt &value, Type type) {
  if (type.isInteger(1))
    return value.isZero() ? "false" : "true";
  int64_t v = value.getSExtValue();
  // Indices are int64_t already; small ones read better bare.
  if (type.isIndex() && v > INT32_MIN && v <= INT32_MAX)
    return std::to_string(v);
  unsigned width = type.isIndex() ? 64 : type.getIntOrFloatBitWidth();
  if (width == 64)
    return v == INT64_MIN ? "(-9223372036854775807LL - 1)" : std::to_string(v) + "LL";
  if (width == 32)
    return v == INT32_MIN ? "(-2147483647 - 1)" : std::to_string(v);
  return "(int" + std::to_string(width) + "_t)" + std::to_string(v);
}

namespace {
std::string join(ArrayRef<std::string> parts, StringRef separator) {
  std::string text;
  for (auto [i, part] : llvm::enumerate(parts))
    text += (i ? separator.str() : "") + part;
  return text;
}

// `a` with i1's true read as -1, as signed integer ops read it.
std::string asSigned(const std::string &a, Type type) {
  return type.isInteger(1) ? "(-(int)" + a + ")" : a;
}
} // namespace

std::string CudaKernelWriter::fresh(StringRef prefix) {
  return (prefix + Twine(counter++)).str();
}

FailureOr<std::string> CudaKernelWriter::scalar(Value value) {
  auto it = scalars.find(value);
  if (it != scalars.end())
    return it->second;
  Operation *def = value.getDefiningOp();
  if (auto constant = dyn_cast_or_null<arith::ConstantOp>(def)) {
    Type type = value.getType();
    if (auto f = dyn_cast<FloatAttr>(constant.getValue()); f && succeeded(cudaScalarType(type)))
      return scalars[value] = cudaFloatLiteral(f.getValue(), type);
    if (auto i = dyn_cast<IntegerAttr>(constant.getValue()); i && succeeded(cudaScalarType(type)))
      return scalars[value] = cudaIntegerLiteral(i.getValue(), type);
    return constant.emitOpError("has a value GPU code cannot hold");
  }
  if (def)
    return def->emitOpError("is used before GPU code computed it");
  return emitError(value.getLoc(), "a block argument GPU code has no name for");
}

FailureOr<CudaKernelWriter::View> CudaKernelWriter::view(Value value) {
  auto it = views.find(value);
  if (it != views.end())
    return it->second;
  if (Operation *def = value.getDefiningOp())
    return def->emitOpError("makes a memref view GPU code cannot follow");
  return emitError(value.getLoc(), "a memref GPU code has no name for");
}

LogicalResult CudaKernelWriter::bind(Value value, const std::string &name, int64_t alignment) {
  auto memref = dyn_cast<MemRefType>(value.getType());
  if (!memref) {
    scalars[value] = name;
    return success();
  }
  SmallVector<int64_t> strides;
  int64_t offset;
  if (!memref.hasStaticShape() || failed(getStridesAndOffset(memref, strides, offset)) ||
      ShapedType::isDynamic(offset) || llvm::any_of(strides, ShapedType::isDynamic))
    return emitError(value.getLoc(), "GPU code needs statically shaped, strided buffers, not ")
           << memref;
  View v{name, std::to_string(offset), {}, {}, alignment};
  for (int64_t size : memref.getShape())
    v.sizes.push_back(std::to_string(size));
  for (int64_t stride : strides)
    v.strides.push_back(std::to_string(stride));
  views[value] = std::move(v);
  return success();
}

LogicalResult CudaKernelWriter::declare(Value result, const std::string &expression,
                                       bool exact) {
  FailureOr<std::string> type = cudaScalarType(result.getType());
  if (failed(type))
    return emitError(result.getLoc(), "GPU code cannot hold a value of type ") << result.getType();
  std::string name = fresh("v");
  // A 16-bit float computed in float rounds to its type, as the CPU
  // backend's promoted arithmetic does; +, -, *, / and sqrt so rounded
  // twice are still correctly rounded.
  line() << "const " << *type << " " << name << " = "
         << (exact ? expression : cudaRound(expression, result.getType())) << ";\n";
  scalars[result] = name;
  return success();
}

LogicalResult CudaKernelWriter::emitBody(Block &block) {
  for (Operation &op : block.without_terminator())
    if (failed(emit(&op)))
      return failure();
  return success();
}

LogicalResult CudaKernelWriter::emit(Operation *op) {
  if (isa<arith::ConstantOp>(op))
    return success(); // written where used, as literals
  StringRef dialect = op->getDialect() ? op->getDialect()->getNamespace() : "";
  if (isa<arith::IndexCastOp, arith::IndexCastUIOp, arith::ExtFOp, arith::TruncFOp,
          arith::ExtSIOp, arith::ExtUIOp, arith::TruncIOp, arith::SIToFPOp, arith::UIToFPOp,
          arith::FPToSIOp, arith::FPToUIOp, arith::BitcastOp>(op))
    return emitCast(op);
  if (dialect == "arith")
    return emitArith(op);
  if (dialect == "math")
    return emitMath(op);
  if (dialect == "memref")
    return emitMemRef(op);
  if (isa<scf::ForOp>(op))
    return emitFor(op);
  if (isa<scf::IfOp>(op))
    return emitIf(op);
  if (isa<scf::ParallelOp>(op))
    return emitParallel(op);
  return op->emitOpError("cannot be written as CUDA C++");
}

FailureOr<SmallVector<std::string>> CudaKernelWriter::names(ValueRange values) {
  SmallVector<std::string> result;
  for (Value value : values) {
    FailureOr<std::string> name = scalar(value);
    if (failed(name))
      return failure();
    result.push_back(*name);
  }
  return result;
}

LogicalResult CudaKernelWriter::emitArith(Operation *op) {
  FailureOr<SmallVector<std::string>> operands = names(op->getOperands());
  if (failed(operands))
    return failure();
  const SmallVector<std::string> &in = *operands;
  if (op->getNumResults() != 1 || failed(cudaScalarType(op->getResult(0).getType())))
    return op->emitOpError("cannot be written as CUDA C++ (vector or unusual type)");
  Value result = op->getResult(0);
  Type type = result.getType();
  Type operandType = op->getNumOperands() ? op->getOperand(op->getNumOperands() - 1).getType()
                                          : type;
  std::string t = *cudaScalarType(type);
  std::string u = isa<IntegerType, IndexType>(operandType) ? unsignedType(operandType) : "";
  auto infix = [&](StringRef symbol) {
    return "(" + in[0] + " " + symbol.str() + " " + in[1] + ")";
  };
  // Integer + - * wrap around as in LLVM; C's signed overflow would not.
  auto wrapping = [&](StringRef symbol) {
    if (type.isIndex())
      return infix(symbol);
    if (type.isInteger(1))
      return symbol == "*" ? "(" + in[0] + " && " + in[1] + ")"
                           : "(" + in[0] + " != " + in[1] + ")";
    return "(" + t + ")((" + u + ")" + in[0] + " " + symbol.str() + " (" + u + ")" + in[1] +
           ")";
  };
  auto viaUnsigned = [&](StringRef symbol) {
    return "(" + t + ")((" + u + ")" + in[0] + " " + symbol.str() + " (" + u + ")" + in[1] +
           ")";
  };
  auto bitwise = [&](StringRef symbol) { return "(" + t + ")" + infix(symbol); };
  auto pick = [&](const std::string &a, StringRef compare, const std::string &b) {
    return "(" + a + " " + compare.str() + " " + b + " ? " + in[0] + " : " + in[1] + ")";
  };
  bool f32 = type.isF32() || isStoredAsBits(type);
  std::string expression =
      llvm::TypeSwitch<Operation *, std::string>(op)
          .Case([&](arith::AddFOp) { return infix("+"); })
          .Case([&](arith::SubFOp) { return infix("-"); })
          .Case([&](arith::MulFOp) { return infix("*"); })
          .Case([&](arith::DivFOp) { return infix("/"); })
          .Case([&](arith::RemFOp) {
            return std::string(f32 ? "fmodf(" : "fmod(") + in[0] + ", " + in[1] + ")";
          })
          .Case([&](arith::NegFOp) { return "(-" + in[0] + ")"; })
          .Case([&](arith::MaxNumFOp) {
            return std::string(f32 ? "fmaxf(" : "fmax(") + in[0] + ", " + in[1] + ")";
          })
          .Case([&](arith::MinNumFOp) {
            return std::string(f32 ? "fminf(" : "fmin(") + in[0] + ", " + in[1] + ")";
          })
          .Case([&](arith::AddIOp) { return wrapping("+"); })
          .Case([&](arith::SubIOp) { return wrapping("-"); })
          .Case([&](arith::MulIOp) { return wrapping("*"); })
          .Case([&](arith::DivSIOp) { return "(" + t + ")" + infix("/"); })
          .Case([&](arith::RemSIOp) { return "(" + t + ")" + infix("%"); })
          .Case([&](arith::DivUIOp) { return viaUnsigned("/"); })
          .Case([&](arith::RemUIOp) { return viaUnsigned("%"); })
          .Case([&](arith::AndIOp) { return bitwise("&"); })
          .Case([&](arith::OrIOp) { return bitwise("|"); })
          .Case([&](arith::XOrIOp) { return bitwise("^"); })
          .Case([&](arith::ShLIOp) { return viaUnsigned("<<"); })
          .Case([&](arith::ShRUIOp) { return viaUnsigned(">>"); })
          .Case([&](arith::ShRSIOp) { return "(" + t + ")" + infix(">>"); })
          .Case([&](arith::MaxSIOp) {
            return pick(asSigned(in[0], type), ">", asSigned(in[1], type));
          })
          .Case([&](arith::MinSIOp) {
            return pick(asSigned(in[0], type), "<", asSigned(in[1], type));
          })
          .Case([&](arith::MaxUIOp) {
            return pick("(" + u + ")" + in[0], ">", "(" + u + ")" + in[1]);
          })
          .Case([&](arith::MinUIOp) {
            return pick("(" + u + ")" + in[0], "<", "(" + u + ")" + in[1]);
          })
          .Case([&](arith::SelectOp) {
            return "(" + in[0] + " ? " + in[1] + " : " + in[2] + ")";
          })
          .Case([&](arith::CmpFOp cmp) -> std::string {
            const std::string &a = in[0], &b = in[1];
            switch (cmp.getPredicate()) {
            case arith::CmpFPredicate::AlwaysFalse: return "false";
            case arith::CmpFPredicate::OEQ: return "(" + a + " == " + b + ")";
            case arith::CmpFPredicate::OGT: return "(" + a + " > " + b + ")";
            case arith::CmpFPredicate::OGE: return "(" + a + " >= " + b + ")";
            case arith::CmpFPredicate::OLT: return "(" + a + " < " + b + ")";
            case arith::CmpFPredicate::OLE: return "(" + a + " <= " + b + ")";
            case arith::CmpFPredicate::ONE: return "(" + a + " < " + b + " || " + a + " > " + b + ")";
            case arith::CmpFPredicate::ORD: return "(" + a + " == " + a + " && " + b + " == " + b + ")";
            case arith::CmpFPredicate::UEQ: return "!(" + a + " < " + b + " || " + a + " > " + b + ")";
            case arith::CmpFPredicate::UGT: return "!(" + a + " <= " + b + ")";
            case arith::CmpFPredicate::UGE: return "!(" + a + " < " + b + ")";
            case arith::CmpFPredicate::ULT: return "!(" + a + " >= " + b + ")";
            case arith::CmpFPredicate::ULE: return "!(" + a + " > " + b + ")";
            case arith::CmpFPredicate::UNE: return "(" + a + " != " + b + ")";
            case arith::CmpFPredicate::UNO: return "(" + a + " != " + a + " || " + b + " != " + b + ")";
            case arith::CmpFPredicate::AlwaysTrue: return "true";
            }
            return "";
          })
          .Case([&](arith::CmpIOp cmp) -> std::string {
            std::string sa = asSigned(in[0], operandType), sb = asSigned(in[1], operandType);
            std::string ua = "(" + u + ")" + in[0], ub = "(" + u + ")" + in[1];
            switch (cmp.getPredicate()) {
            case arith::CmpIPredicate::eq: return "(" + in[0] + " == " + in[1] + ")";
            case arith::CmpIPredicate::ne: return "(" + in[0] + " != " + in[1] + ")";
            case arith::CmpIPredicate::slt: return "(" + sa + " < " + sb + ")";
            case arith::CmpIPredicate::sle: return "(" + sa + " <= " + sb + ")";
            case arith::CmpIPredicate::sgt: return "(" + sa + " > " + sb + ")";
            case arith::CmpIPredicate::sge: return "(" + sa + " >= " + sb + ")";
            case arith::CmpIPredicate::ult: return "(" + ua + " < " + ub + ")";
            case arith::CmpIPredicate::ule: return "(" + ua + " <= " + ub + ")";
            case arith::CmpIPredicate::ugt: return "(" + ua + " > " + ub + ")";
            case arith::CmpIPredicate::uge: return "(" + ua + " >= " + ub + ")";
            }
            return "";
          })
          .Default([](Operation *) { return std::string(); });
  if (expression.empty())
    return op->emitOpError("cannot be written as CUDA C++");
  return declare(result, expression);
}

LogicalResult CudaKernelWriter::emitCast(Operation *op) {
  FailureOr<std::string> in = scalar(op->getOperand(0));
  Type from = op->getOperand(0).getType(), to = op->getResult(0).getType();
  FailureOr<std::string> t = cudaScalarType(to);
  if (failed(in) || failed(t) || failed(cudaScalarType(from)))
    return op->emitOpError("cannot be written as CUDA C++ (vector or unusual type)");
  std::string expression;
  // Rounded to float first, a double or a wide integer could round again
  // to the wrong 16-bit value; rounded to odd, it cannot.
  bool viaDouble = isStoredAsBits(to) && !from.isF32() && !isStoredAsBits(from) &&
                   !isa<arith::BitcastOp>(op);
  if (viaDouble)
    t = std::string("double");
  if (auto bitcast = dyn_cast<arith::BitcastOp>(op)) {
    if (isStoredAsBits(from))
      expression = "(" + *t + ")" + cudaStore(*in, from);
    else if (isStoredAsBits(to))
      expression = cudaLoad("(uint16_t)" + *in, to);
    else if (from.isF32() && to.isInteger(32))
      expression = "__float_as_int(" + *in + ")";
    else if (from.isInteger(32) && to.isF32())
      expression = "__int_as_float(" + *in + ")";
    else if (from.isF64() && to.isInteger(64))
      expression = "__double_as_longlong(" + *in + ")";
    else if (from.isInteger(64) && to.isF64())
      expression = "__longlong_as_double(" + *in + ")";
    else
      expression = *in;
  } else if (isa<arith::ExtUIOp, arith::UIToFPOp, arith::IndexCastUIOp>(op)) {
    expression = "(" + *t + ")(" + unsignedType(from) + ")" + *in;
  } else if (isa<arith::FPToUIOp>(op)) {
    expression = "(" + *t + ")(" + unsignedType(to) + ")" + *in;
  } else if (isa<arith::TruncIOp>(op) && to.isInteger(1)) {
    expression = "(bool)(" + *in + " & 1)";
  } else {
    expression = "(" + *t + ")" + asSigned(*in, from);
  }
  if (viaDouble)
    expression = "dlc_round_odd_f32(" + expression + ")";
  return declare(op->getResult(0), expression);
}

LogicalResult CudaKernelWriter::emitMath(Operation *op) {
  FailureOr<SmallVector<std::string>> operands = names(op->getOperands());
  if (failed(operands))
    return failure();
  const SmallVector<std::string> &in = *operands;
  Type type = op->getResult(0).getType();
  if (isa<math::AbsIOp>(op))
    return declare(op->getResult(0), "(" + in[0] + " < 0 ? -" + in[0] + " : " + in[0] + ")");
  // The C library's name of each function, for double; float adds an `f`.
  StringRef function =
      llvm::TypeSwitch<Operation *, StringRef>(op)
          .Case([](math::AbsFOp) { return "fabs"; })
          .Case([](math::ExpOp) { return "exp"; })
          .Case([](math::Exp2Op) { return "exp2"; })
          .Case([](math::ExpM1Op) { return "expm1"; })
          .Case([](math::LogOp) { return "log"; })
          .Case([](math::Log2Op) { return "log2"; })
          .Case([](math::Log10Op) { return "log10"; })
          .Case([](math::Log1pOp) { return "log1p"; })
          .Case([](math::SqrtOp) { return "sqrt"; })
          .Case([](math::RsqrtOp) { return "rsqrt"; })
          .Case([](math::CbrtOp) { return "cbrt"; })
          .Case([](math::TanhOp) { return "tanh"; })
          .Case([](math::SinOp) { return "sin"; })
          .Case([](math::CosOp) { return "cos"; })
          .Case([](math::TanOp) { return "tan"; })
          .Case([](math::AsinOp) { return "asin"; })
          .Case([](math::AcosOp) { return "acos"; })
          .Case([](math::AtanOp) { return "atan"; })
          .Case([](math::Atan2Op) { return "atan2"; })
          .Case([](math::SinhOp) { return "sinh"; })
          .Case([](math::CoshOp) { return "cosh"; })
          .Case([](math::AsinhOp) { return "asinh"; })
          .Case([](math::AcoshOp) { return "acosh"; })
          .Case([](math::AtanhOp) { return "atanh"; })
          .Case([](math::ErfOp) { return "erf"; })
          .Case([](math::PowFOp) { return "pow"; })
          .Case([](math::CeilOp) { return "ceil"; })
          .Case([](math::FloorOp) { return "floor"; })
          .Case([](math::RoundOp) { return "round"; })
          .Case([](math::RoundEvenOp) { return "rint"; })
          .Case([](math::TruncOp) { return "trunc"; })
          .Case([](math::CopySignOp) { return "copysign"; })
          .Case([](math::FmaOp) { return "fma"; })
          .Default([](Operation *) { return ""; });
  if (function.empty() || !(type.isF32() || type.isF64() || isStoredAsBits(type)))
    return op->emitOpError("cannot be written as CUDA C++");
  return declare(op->getResult(0), function.str() + (type.isF64() ? "(" : "f(") +
                                       join(in, ", ") + ")");
}

FailureOr<std::string> CudaKernelWriter::element(Value memref, ValueRange indices) {
  FailureOr<View> v = view(memref);
  if (failed(v))
    return failure();
  std::vector<std::string> terms;
  if (v->offset != "0")
    terms.push_back(v->offset);
  for (auto [index, stride] : llvm::zip(indices, v->strides)) {
    FailureOr<std::string> i = scalar(index);
    if (failed(i))
      return failure();
    if (stride == "0" || *i == "0")
      continue;
    terms.push_back(stride == "1" ? *i : *i + " * " + stride);
  }
  return v->base + "[" + (terms.empty() ? "0" : join(terms, " + ")) + "]";
}

LogicalResult CudaKernelWriter::emitMemRef(Operation *op) {
  auto mixed = [&](OpFoldResult value) -> FailureOr<std::string> {
    if (auto attr = dyn_cast<Attribute>(value))
      return std::to_string(cast<IntegerAttr>(attr).getInt());
    return scalar(cast<Value>(value));
  };
  auto mixedAll = [&](ArrayRef<OpFoldResult> values) -> FailureOr<SmallVector<std::string>> {
    SmallVector<std::string> out;
    for (OpFoldResult value : values) {
      FailureOr<std::string> text = mixed(value);
      if (failed(text))
        return failure();
      out.push_back(*text);
    }
    return out;
  };
  if (auto load = dyn_cast<memref::LoadOp>(op)) {
    FailureOr<std::string> at = element(load.getMemRef(), load.getIndices());
    return failed(at) ? failure()
                      : declare(load.getResult(), cudaLoad(*at, load.getType()), /*exact=*/true);
  }
  if (auto store = dyn_cast<memref::StoreOp>(op)) {
    FailureOr<std::string> at = element(store.getMemRef(), store.getIndices());
    FailureOr<std::string> value = scalar(store.getValue());
    if (failed(at) || failed(value))
      return failure();
    line() << *at << " = " << cudaStore(*value, store.getValue().getType()) << ";\n";
    return success();
  }
  if (auto metadata = dyn_cast<memref::ExtractStridedMetadataOp>(op)) {
    FailureOr<View> source = view(metadata.getSource());
    if (failed(source))
      return failure();
    views[metadata.getBaseBuffer()] = View{source->base, "0", {}, {}, source->alignment};
    scalars[metadata.getOffset()] = source->offset;
    for (auto [result, size] : llvm::zip(metadata.getSizes(), source->sizes))
      scalars[result] = size;
    for (auto [result, stride] : llvm::zip(metadata.getStrides(), source->strides))
      scalars[result] = stride;
    return success();
  }
  if (auto cast = dyn_cast<memref::ReinterpretCastOp>(op)) {
    FailureOr<View> source = view(cast.getSource());
    FailureOr<std::string> offset = mixed(cast.getMixedOffsets().front());
    FailureOr<SmallVector<std::string>> sizes = mixedAll(cast.getMixedSizes());
    FailureOr<SmallVector<std::string>> strides = mixedAll(cast.getMixedStrides());
    if (failed(source) || failed(offset) || failed(sizes) || failed(strides))
      return failure();
    views[cast.getResult()] = View{source->base, *offset, *sizes, *strides, source->alignment};
    return success();
  }
  if (auto cast = dyn_cast<memref::CastOp>(op)) {
    FailureOr<View> source = view(cast.getSource());
    if (failed(source))
      return failure();
    views[cast.getResult()] = *source;
    return success();
  }
  if (auto typed = dyn_cast<memref::ViewOp>(op)) {
    // A typed buffer at a byte shift into a byte buffer (the arena).
    FailureOr<View> source = view(typed.getSource());
    FailureOr<std::string> shift = scalar(typed.getByteShift());
    MemRefType type = typed.getType();
    FailureOr<std::string> element = cudaStorageType(type.getElementType());
    if (failed(source) || failed(shift) || failed(element) || !typed.getSizes().empty())
      return op->emitOpError("makes a view GPU code cannot follow");
    std::string name = fresh("p");
    std::string bytes = source->offset == "0" ? *shift
                        : *shift == "0"         ? source->offset
                                                : source->offset + " + " + *shift;
    line() << *element << "* const " << name << " = (" << *element << "*)((char*)"
           << source->base << (bytes == "0" ? "" : " + " + bytes) << ");\n";
    int64_t shiftBytes = 0;
    bool known = !StringRef(bytes).getAsInteger(10, shiftBytes);
    return bind(typed.getResult(), name,
                known && source->alignment ? std::gcd(source->alignment, shiftBytes) : 0);
  }
  if (auto reshape = dyn_cast<memref::ReshapeOp>(op)) {
    // The source is contiguous (the verifier asks for an identity layout).
    FailureOr<View> source = view(reshape.getSource());
    MemRefType type = reshape.getType();
    SmallVector<int64_t> strides;
    int64_t offset;
    if (failed(source) || !type.hasStaticShape() ||
        failed(getStridesAndOffset(type, strides, offset)))
      return op->emitOpError("reshapes to a shape GPU code does not know");
    View result{source->base, source->offset, {}, {}, source->alignment};
    for (auto [size, stride] : llvm::zip(type.getShape(), strides)) {
      result.sizes.push_back(std::to_string(size));
      result.strides.push_back(std::to_string(stride));
    }
    views[reshape.getResult()] = std::move(result);
    return success();
  }
  if (auto global = dyn_cast<memref::GetGlobalOp>(op))
    return bind(global.getResult(), cudaGlobalName(global.getName()));
  if (auto alloca = dyn_cast<memref::AllocaOp>(op)) {
    MemRefType type = alloca.getType();
    FailureOr<std::string> element = cudaStorageType(type.getElementType());
    if (failed(element) || !type.hasStaticShape() || !type.getLayout().isIdentity())
      return op->emitOpError("needs a scratch buffer GPU code cannot declare");
    if (type.getNumElements() * ((type.getElementTypeBitWidth() + 7) / 8) > kMaxScratchBytes)
      return op->emitOpError("needs a scratch buffer over ")
             << kMaxScratchBytes << " bytes per GPU thread";
    std::string name = fresh("scratch");
    line() << *element << " " << name << "[" << std::max<int64_t>(type.getNumElements(), 1)
           << "];\n";
    return bind(alloca.getResult(), name);
  }
  if (auto dim = dyn_cast<memref::DimOp>(op)) {
    auto type = dyn_cast<MemRefType>(dim.getSource().getType());
    std::optional<int64_t> index = dim.getConstantIndex();
    if (!type || !index || *index >= type.getRank() || type.isDynamicDim(*index))
      return op->emitOpError("asks for a size GPU code does not know");
    scalars[dim.getResult()] = std::to_string(type.getDimSize(*index));
    return success();
  }
  return op->emitOpError("cannot be written as CUDA C++");
}

LogicalResult CudaKernelWriter::assignYield(Operation *yield, ArrayRef<std::string> targets) {
  FailureOr<SmallVector<std::string>> yielded = names(yield->getOperands());
  if (failed(yielded))
    return failure();
  const SmallVector<std::string> &values = *yielded;
  // A yield may swap values: read them all before writing any.
  if (targets.size() == 1) {
    line() << targets[0] << " = " << values[0] << ";\n";
    return success();
  }
  SmallVector<std::string> temporaries;
  for (auto [value, operand] : llvm::zip(values, yield->getOperands())) {
    temporaries.push_back(fresh("next"));
    line() << "const " << *cudaScalarType(operand.getType()) << " " << temporaries.back()
           << " = " << value << ";\n";
  }
  for (auto [target, temporary] : llvm::zip(targets, temporaries))
    line() << target << " = " << temporary << ";\n";
  return success();
}

LogicalResult CudaKernelWriter::emitFor(Operation *op) {
  auto loop = cast<scf::ForOp>(op);
  FailureOr<std::string> lb = scalar(loop.getLowerBound()), ub = scalar(loop.getUpperBound()),
                         step = scalar(loop.getStep());
  FailureOr<std::string> ivType = cudaScalarType(loop.getInductionVar().getType());
  if (failed(lb) || failed(ub) || failed(step) || failed(ivType))
    return failure();
  SmallVector<std::string> carried;
  for (auto [init, arg, result] :
       llvm::zip(loop.getInitArgs(), loop.getRegionIterArgs(), loop.getResults())) {
    FailureOr<std::string> type = cudaScalarType(arg.getType());
    FailureOr<std::string> value = scalar(init);
    if (failed(type) || failed(value))
      return op->emitOpError("carries a value GPU code cannot hold");
    std::string name = fresh("acc");
    line() << *type << " " << name << " = " << *value << ";\n";
    scalars[arg] = scalars[result] = name;
    carried.push_back(name);
  }
  std::string iv = fresh("i");
  scalars[loop.getInductionVar()] = iv;
  line() << "for (" << *ivType << " " << iv << " = " << *lb << "; " << iv << " < " << *ub
         << "; " << iv << " += " << *step << ") {\n";
  enter();
  if (failed(emitBody(*loop.getBody())) ||
      (!carried.empty() && failed(assignYield(loop.getBody()->getTerminator(), carried))))
    return failure();
  close();
  return success();
}

LogicalResult CudaKernelWriter::emitIf(Operation *op) {
  auto branch = cast<scf::IfOp>(op);
  FailureOr<std::string> condition = scalar(branch.getCondition());
  if (failed(condition))
    return failure();
  SmallVector<std::string> results;
  for (Value result : branch.getResults()) {
    FailureOr<std::string> type = cudaScalarType(result.getType());
    if (failed(type))
      return op->emitOpError("yields a value GPU code cannot hold");
    std::string name = fresh("r");
    line() << *type << " " << name << ";\n";
    scalars[result] = name;
    results.push_back(name);
  }
  auto emitRegion = [&](Region &region) -> LogicalResult {
    enter();
    if (failed(emitBody(region.front())) ||
        (!results.empty() && failed(assignYield(region.front().getTerminator(), results))))
      return failure();
    leave();
    return success();
  };
  line() << "if (" << *condition << ") {\n";
  if (failed(emitRegion(branch.getThenRegion())))
    return failure();
  if (!branch.getElseRegion().empty()) {
    line() << "} else {\n";
    if (failed(emitRegion(branch.getElseRegion())))
      return failure();
  }
  line() << "}\n";
  return success();
}

LogicalResult CudaKernelWriter::emitParallel(Operation *op) {
  auto loop = cast<scf::ParallelOp>(op);
  if (loop.getNumResults())
    return op->emitOpError("reduces into results; GPU code needs its loops to store them");
  unsigned opened = 0;
  for (auto [iv, lbValue, ubValue, stepValue] :
       llvm::zip(loop.getInductionVars(), loop.getLowerBound(), loop.getUpperBound(),
                 loop.getStep())) {
    FailureOr<std::string> lb = scalar(lbValue), ub = scalar(ubValue), step = scalar(stepValue);
    if (failed(lb) || failed(ub) || failed(step))
      return failure();
    std::string name = fresh("i");
    scalars[iv] = name;
    line() << "for (int64_t " << name << " = " << *lb << "; " << name << " < " << *ub << "; "
           << name << " += " << *step << ") {\n";
    enter();
    ++opened;
  }
  if (failed(emitBody(*loop.getBody())))
    return failure();
  for (; opened; --opened) {
    close();
  }
  return success();
}
