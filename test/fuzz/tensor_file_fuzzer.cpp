//===- tensor_file_fuzzer.cpp - bytes through the .pb / .npy readers ------===//
//
// Any bytes as a tensor file given to dlc-run -i or --const-input: a tensor
// whose data matches its dtype and dims, or a one-line error.
//
//===----------------------------------------------------------------------===//
#include "FuzzSupport.h"

#include "dlc/artifact.hpp"
#include "tools/common/TensorFiles.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static const std::string path = dlc::fuzz::scratchPath("tensor");
  dlc::fuzz::writeScratch(path, data, size);
  dlc::HostTensor tensor;
  std::string error;
  if (!dlc::loadTensor(path, tensor, error)) {
    dlc::fuzz::checkOneLine(error);
    return 0;
  }
  std::optional<uint64_t> bytes = dlc::artifact::tensorByteSize(tensor.dtype, tensor.dims);
  if (!bytes || *bytes != tensor.data.size())
    dlc::fuzz::fail("a loaded tensor whose data does not match its dtype and dims", path);
  return 0;
}
