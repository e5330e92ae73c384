//===- TensorFiles.h - tensors in .pb and .npy files, and their comparison ===//
#ifndef DLC_TOOLS_COMMON_TENSORFILES_H
#define DLC_TOOLS_COMMON_TENSORFILES_H

#include "dlc/abi.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace dlc {

/// A dense tensor in host memory, as tools read, run and write it.
struct HostTensor {
  std::string name;
  dlc_dtype dtype = DLC_DTYPE_INVALID;
  std::vector<int64_t> dims;
  /// The elements as the runtime takes them; for strings, one dlc_string
  /// each, pointing into `strings` (an input's) or into the session (an
  /// output's).
  std::vector<char> data;
  /// A string input's elements. Moving the tensor keeps `data` valid, copying
  /// would not: HostTensor is move-only.
  std::vector<std::string> strings;

  HostTensor() = default;
  HostTensor(HostTensor &&) = default;
  HostTensor &operator=(HostTensor &&) = default;
  HostTensor(const HostTensor &) = delete;
  HostTensor &operator=(const HostTensor &) = delete;

  int64_t numElements() const;
  /// Makes `values` the elements of this string tensor.
  void setStrings(std::vector<std::string> values);
  /// Element `i` of a string tensor.
  std::string_view stringAt(int64_t i) const;
};

/// Reads an ONNX TensorProto (.pb) or NumPy (.npy, C order) file.
bool loadTensor(const std::string &path, HostTensor &tensor, std::string &error);

/// Writes `tensor` as an ONNX TensorProto with raw data.
bool saveTensorProto(const std::string &path, const HostTensor &tensor, std::string &error);

/// Fills `tensor` with reproducible values: floats in [-1, 1), integers in
/// [0, 10), booleans 0/1.
void fillRandom(HostTensor &tensor, uint64_t seed);

/// Compares as the conformance tests do: same dtype, dims and NaN positions;
/// |actual - expected| <= atol + rtol * |expected| for floats, equality
/// otherwise. On a mismatch describes the first one in `mismatch`.
bool tensorsMatch(const HostTensor &expected, const HostTensor &actual, double rtol,
                  double atol, std::string &mismatch);

} // namespace dlc

#endif // DLC_TOOLS_COMMON_TENSORFILES_H
