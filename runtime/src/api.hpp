//===- api.hpp - the C API declarations, exported from a hidden-by-default build -===//
//
// The runtime compiles with -fvisibility=hidden; runtime.h cannot carry export
// attributes (it is plain C for applications), so they are added here. Every
// runtime source includes this before anything that includes runtime.h.
//
//===----------------------------------------------------------------------===//
#ifndef DLC_RUNTIME_SRC_API_HPP
#define DLC_RUNTIME_SRC_API_HPP

#pragma GCC visibility push(default)
#include "dlc/runtime.h"
#pragma GCC visibility pop

#endif // DLC_RUNTIME_SRC_API_HPP
