//===- TensorFiles.cpp - tensors in .pb and .npy files, and comparison ----===//
#include "tools/common/TensorFiles.h"

#include "compiler/import/TensorConversion.h"
#include "compiler/support/Files.h"
#include "dlc/artifact.hpp"

#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/MLIRContext.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringRef.h"
#include "onnx/onnx_pb.h"

#include <cmath>
#include <cstring>
#include <fstream>
#include <random>
#include <sstream>

using namespace dlc;

void HostTensor::setStrings(std::vector<std::string> values) {
  strings = std::move(values);
  data.assign(strings.size() * sizeof(dlc_string), 0);
  auto *elements = reinterpret_cast<dlc_string *>(data.data());
  for (size_t i = 0; i < strings.size(); ++i)
    elements[i] = dlc_string{strings[i].data(), static_cast<int64_t>(strings[i].size())};
}

std::string_view HostTensor::stringAt(int64_t i) const {
  dlc_string element;
  std::memcpy(&element, data.data() + i * sizeof(dlc_string), sizeof(dlc_string));
  return element.size > 0 ? std::string_view(element.data, element.size) : std::string_view();
}

int64_t HostTensor::numElements() const {
  int64_t count = 1;
  for (int64_t dim : dims)
    count *= dim;
  return count;
}

namespace {
struct NpyType {
  const char *descr;
  dlc_dtype dtype;
};
constexpr NpyType kNpyTypes[] = {
    {"<f4", DLC_DTYPE_F32}, {"<f8", DLC_DTYPE_F64}, {"<f2", DLC_DTYPE_F16},
    {"|i1", DLC_DTYPE_I8},  {"<i2", DLC_DTYPE_I16}, {"<i4", DLC_DTYPE_I32},
    {"<i8", DLC_DTYPE_I64}, {"|u1", DLC_DTYPE_U8},  {"<u2", DLC_DTYPE_U16},
    {"<u4", DLC_DTYPE_U32}, {"<u8", DLC_DTYPE_U64}, {"|b1", DLC_DTYPE_BOOL}};

// The value of `key` in a .npy header dict such as
// "{'descr': '<f4', 'fortran_order': False, 'shape': (1, 3), }".
std::string headerField(llvm::StringRef header, llvm::StringRef key) {
  size_t at = header.find("'" + key.str() + "'");
  if (at == llvm::StringRef::npos)
    return "";
  llvm::StringRef rest = header.substr(at + key.size() + 2).ltrim(" :");
  if (rest.starts_with("(")) {
    size_t end = rest.find(')');
    return end == llvm::StringRef::npos ? "" : rest.substr(0, end + 1).str();
  }
  if (rest.starts_with("'")) {
    size_t end = rest.find('\'', 1);
    return end == llvm::StringRef::npos ? "" : rest.substr(1, end - 1).str();
  }
  return rest.take_until([](char c) { return c == ',' || c == '}'; }).trim().str();
}

bool loadNpy(const std::string &path, const std::string &contents, HostTensor &tensor,
             std::string &error) {
  auto fail = [&](const std::string &why) {
    error = "'" + path + "' is not a supported .npy file: " + why;
    return false;
  };
  if (contents.size() < 10 || contents.compare(0, 6, "\x93NUMPY") != 0)
    return fail("bad magic");
  unsigned char major = contents[6];
  size_t headerLength, headerStart;
  if (major == 1) {
    headerLength = static_cast<unsigned char>(contents[8]) |
                   (static_cast<unsigned char>(contents[9]) << 8);
    headerStart = 10;
  } else if (contents.size() >= 12) {
    headerLength = 0;
    for (int i = 0; i < 4; ++i)
      headerLength |= static_cast<size_t>(static_cast<unsigned char>(contents[8 + i])) << (8 * i);
    headerStart = 12;
  } else {
    return fail("truncated header");
  }
  if (headerStart + headerLength > contents.size())
    return fail("truncated header");
  llvm::StringRef header(contents.data() + headerStart, headerLength);
  std::string descr = headerField(header, "descr");
  if (headerField(header, "fortran_order") != "False")
    return fail("only C-order arrays are supported");
  tensor.dtype = DLC_DTYPE_INVALID;
  for (const NpyType &type : kNpyTypes)
    if (descr == type.descr)
      tensor.dtype = type.dtype;
  if (tensor.dtype == DLC_DTYPE_INVALID)
    return fail("dtype '" + descr + "' is not supported");
  std::string shape = headerField(header, "shape");
  if (shape.size() < 2)
    return fail("no shape");
  tensor.dims.clear();
  llvm::SmallVector<llvm::StringRef> parts;
  llvm::StringRef(shape).drop_front().drop_back().split(parts, ',', -1, false);
  for (llvm::StringRef part : parts) {
    int64_t dim;
    if (part.trim().getAsInteger(10, dim) || dim < 0)
      return fail("bad shape " + shape);
    tensor.dims.push_back(dim);
  }
  std::optional<uint64_t> bytes = artifact::tensorByteSize(tensor.dtype, tensor.dims);
  if (!bytes)
    return fail("shape " + shape + " has more bytes than 63 bits count");
  size_t dataStart = headerStart + headerLength;
  if (contents.size() - dataStart != *bytes)
    return fail("holds " + std::to_string(contents.size() - dataStart) +
                " data bytes, its shape needs " + std::to_string(*bytes));
  tensor.data.assign(contents.begin() + dataStart, contents.end());
  return true;
}

double toDouble(const HostTensor &t, int64_t i) {
  const char *p = t.data.data();
  auto half = [](uint16_t h) {
    uint32_t sign = (h >> 15) & 1, exponent = (h >> 10) & 0x1f, mantissa = h & 0x3ff;
    double value = exponent == 0 ? std::ldexp(mantissa, -24)
                   : exponent == 31 ? (mantissa ? NAN : INFINITY)
                                    : std::ldexp(mantissa + 1024, exponent - 25);
    return sign ? -value : value;
  };
  switch (t.dtype) {
  case DLC_DTYPE_F32: { float v; std::memcpy(&v, p + 4 * i, 4); return v; }
  case DLC_DTYPE_F64: { double v; std::memcpy(&v, p + 8 * i, 8); return v; }
  case DLC_DTYPE_F16: { uint16_t v; std::memcpy(&v, p + 2 * i, 2); return half(v); }
  case DLC_DTYPE_BF16: {
    uint16_t v; std::memcpy(&v, p + 2 * i, 2);
    uint32_t bits = static_cast<uint32_t>(v) << 16; float f; std::memcpy(&f, &bits, 4);
    return f;
  }
  default: return 0;
  }
}

bool isFloat(dlc_dtype dtype) {
  return dtype == DLC_DTYPE_F32 || dtype == DLC_DTYPE_F64 || dtype == DLC_DTYPE_F16 ||
         dtype == DLC_DTYPE_BF16;
}

std::string formatDims(const std::vector<int64_t> &dims) {
  if (dims.empty())
    return "scalar";
  std::string text;
  for (size_t i = 0; i < dims.size(); ++i)
    text += (i ? "x" : "") + std::to_string(dims[i]);
  return text;
}
// Control characters as \xNN: tensor names and paths come from the files,
// and an error stays one line whatever they hold.
std::string oneLine(const std::string &text) {
  std::string line;
  for (char c : text) {
    auto byte = static_cast<unsigned char>(c);
    if (byte >= 0x20 && byte != 0x7f) {
      line += c;
      continue;
    }
    line += "\\x";
    line += llvm::hexdigit(byte >> 4, /*LowerCase=*/true);
    line += llvm::hexdigit(byte & 15, /*LowerCase=*/true);
  }
  return line;
}

// ONNX keeps strings in string_data, one per element.
bool loadStrings(const std::string &path, const onnx::TensorProto &proto, HostTensor &tensor,
                 std::string &error) {
  std::vector<int64_t> dims(proto.dims().begin(), proto.dims().end());
  std::optional<uint64_t> bytes = artifact::tensorByteSize(DLC_DTYPE_STRING, dims);
  if (!bytes) {
    error = "'" + path + "': tensor '" + proto.name() + "' has invalid dims " + formatDims(dims);
    return false;
  }
  if (*bytes / sizeof(dlc_string) != static_cast<uint64_t>(proto.string_data_size())) {
    error = "'" + path + "': tensor '" + proto.name() + "' has dims " + formatDims(dims) +
            " but " + std::to_string(proto.string_data_size()) + " strings";
    return false;
  }
  tensor.name = proto.name();
  tensor.dtype = DLC_DTYPE_STRING;
  tensor.dims = std::move(dims);
  tensor.setStrings({proto.string_data().begin(), proto.string_data().end()});
  return true;
}

bool loadTensorFile(const std::string &path, HostTensor &tensor, std::string &error) {
  std::string contents;
  if (!readRegularFile(path, contents, error))
    return false;
  if (contents.compare(0, 6, "\x93NUMPY") == 0)
    return loadNpy(path, contents, tensor, error);
  onnx::TensorProto proto;
  if (!proto.ParseFromString(contents)) {
    error = "'" + path + "' is neither a .npy file nor an ONNX TensorProto";
    return false;
  }
  if (proto.data_type() == onnx::TensorProto::STRING)
    return loadStrings(path, proto, tensor, error);
  // The runtime's size rule, before anything multiplies the dims; other
  // dtypes and negative dims get tensorToDense's own message.
  std::vector<int64_t> dims(proto.dims().begin(), proto.dims().end());
  std::optional<dlc_dtype> dtype = artifact::dtypeFromValue(proto.data_type());
  if (dtype && llvm::all_of(dims, [](int64_t dim) { return dim >= 0; }) &&
      !artifact::tensorByteSize(*dtype, dims)) {
    error = "'" + path + "': tensor '" + proto.name() + "' has dims whose size overflows 63 bits";
    return false;
  }
  mlir::MLIRContext context(mlir::MLIRContext::Threading::DISABLED);
  std::string why;
  mlir::FailureOr<mlir::DenseElementsAttr> dense = tensorToDense(&context, proto, why);
  if (mlir::failed(dense)) {
    error = "'" + path + "': " + why;
    return false;
  }
  tensor.name = proto.name();
  tensor.dtype = static_cast<dlc_dtype>(proto.data_type());
  tensor.dims = std::move(dims);
  tensor.data = elementsToBytes(*dense);
  return true;
}
} // namespace

bool dlc::loadTensor(const std::string &path, HostTensor &tensor, std::string &error) {
  if (loadTensorFile(path, tensor, error))
    return true;
  error = oneLine(error);
  return false;
}

bool dlc::saveTensorProto(const std::string &path, const HostTensor &tensor,
                          std::string &error) {
  onnx::TensorProto proto;
  proto.set_name(tensor.name);
  proto.set_data_type(tensor.dtype);
  for (int64_t dim : tensor.dims)
    proto.add_dims(dim);
  if (tensor.dtype == DLC_DTYPE_STRING) {
    for (int64_t i = 0, e = tensor.numElements(); i < e; ++i)
      proto.add_string_data(std::string(tensor.stringAt(i)));
  } else {
    proto.set_raw_data(tensor.data.data(), tensor.data.size());
  }
  std::ofstream file(path, std::ios::binary | std::ios::trunc);
  if (!file || !proto.SerializeToOstream(&file)) {
    error = "cannot write '" + path + "'";
    return false;
  }
  return true;
}

void dlc::fillRandom(HostTensor &tensor, uint64_t seed) {
  std::mt19937_64 rng(seed);
  if (tensor.dtype == DLC_DTYPE_STRING) {
    std::vector<std::string> values;
    for (int64_t i = 0, e = tensor.numElements(); i < e; ++i)
      values.push_back(std::to_string(rng() % 10));
    tensor.setStrings(std::move(values));
    return;
  }
  size_t width = artifact::dtypeSize(tensor.dtype);
  int64_t count = tensor.numElements();
  tensor.data.assign(static_cast<size_t>(count) * width, 0);
  std::uniform_real_distribution<float> real(-1.0f, 1.0f);
  for (int64_t i = 0; i < count; ++i) {
    char *p = tensor.data.data() + i * width;
    switch (tensor.dtype) {
    case DLC_DTYPE_F32: { float v = real(rng); std::memcpy(p, &v, 4); break; }
    case DLC_DTYPE_F64: { double v = real(rng); std::memcpy(p, &v, 8); break; }
    case DLC_DTYPE_BOOL: *p = static_cast<char>(rng() & 1); break;
    default: {
      // Small non-negative integers fit every integer type; for f16/bf16
      // this writes small raw bit patterns, which are finite values.
      uint64_t v = rng() % 10;
      std::memcpy(p, &v, width);
    }
    }
  }
}

bool dlc::tensorsMatch(const HostTensor &expected, const HostTensor &actual, double rtol,
                       double atol, std::string &mismatch) {
  if (expected.dtype != actual.dtype) {
    mismatch = std::string("dtype ") + artifact::dtypeName(actual.dtype) + ", expected " +
               artifact::dtypeName(expected.dtype);
    return false;
  }
  if (expected.dims != actual.dims) {
    mismatch = "dims " + formatDims(actual.dims) + ", expected " + formatDims(expected.dims);
    return false;
  }
  if (expected.data.size() != actual.data.size()) {
    mismatch = "data sizes differ";
    return false;
  }
  if (expected.dtype == DLC_DTYPE_STRING) {
    for (int64_t i = 0, e = expected.numElements(); i < e; ++i)
      if (expected.stringAt(i) != actual.stringAt(i)) {
        mismatch = "element " + std::to_string(i) + " is \"" +
                   oneLine(std::string(actual.stringAt(i))) + "\", expected \"" +
                   oneLine(std::string(expected.stringAt(i))) + "\"";
        return false;
      }
    return true;
  }
  if (!isFloat(expected.dtype)) {
    size_t width = artifact::dtypeSize(expected.dtype);
    for (size_t i = 0; i < expected.data.size(); i += width)
      if (std::memcmp(&expected.data[i], &actual.data[i], width) != 0) {
        mismatch = "element " + std::to_string(i / width) + " differs";
        return false;
      }
    return true;
  }
  for (int64_t i = 0, e = expected.numElements(); i < e; ++i) {
    double want = toDouble(expected, i), got = toDouble(actual, i);
    bool bad = std::isnan(want) != std::isnan(got) ||
               (!std::isnan(want) && !(want == got) &&
                !(std::fabs(got - want) <= atol + rtol * std::fabs(want)));
    if (bad) {
      std::ostringstream text;
      text << "element " << i << " is " << got << ", expected " << want;
      mismatch = text.str();
      return false;
    }
  }
  return true;
}
