//===- Files.h - the files dlc's compiler and tools read and write --------===//
//
// Every file a tool is pointed at may be anything: a directory, a FIFO that
// would block an open or a read forever, a device, a file it may not read.
// These checks make each of those one error naming the file.
//
//===----------------------------------------------------------------------===//
#ifndef DLC_COMPILER_SUPPORT_FILES_H
#define DLC_COMPILER_SUPPORT_FILES_H

#include <cstdint>
#include <string>

namespace dlc {

/// Opens `path` for reading if it is a regular file, without blocking on a
/// FIFO. Returns the descriptor (close-on-exec) and sets `size`, or returns
/// -1 with `error` set.
int openRegularFile(const std::string &path, uint64_t &size, std::string &error);

/// Reads the whole regular file `path` into `bytes`.
bool readRegularFile(const std::string &path, std::string &bytes, std::string &error);

/// Checks that `path` is a regular file this process can open for reading,
/// for a library that opens it by name.
bool checkRegularFile(const std::string &path, std::string &error);

/// Checks that a file can be written at `path` ("-" is standard output):
/// not a directory, in a directory that exists and may be written.
bool checkOutputPath(const std::string &path, std::string &error);

} // namespace dlc

#endif // DLC_COMPILER_SUPPORT_FILES_H
