//===- TensorFiles.h - tensors in .pb and .npy files, and their comparison ===//
#ifndef DLC_TOOLS_COMMON_TENSORFILES_H
#define DLC_TOOLS_COMMON_TENSORFILES_H

#include "dlc/abi.h"

#include <cstdint>
#include <string>
#include <vector>

namespace dlc {

/// A dense tensor in host memory, as tools read, run and write it.
struct HostTensor {
  std::string name;
  dlc_dtype dtype = DLC_DTYPE_INVALID;
  std::vector<int64_t> dims;
  std::vector<char> data;

  int64_t numElements() const;
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
