//===- Datasets.cpp - image classification data sets for dlc-train --------===//
#include "tools/common/Datasets.h"

#include "compiler/support/Files.h"

#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <memory>
#include <unistd.h>

using namespace dlc;
using namespace dlc::data;

namespace {

// Deflate cannot compress better than about 1032:1, so a gzip file of M
// bytes holds at most this many times M bytes: a header claiming more is
// rejected before anything is allocated.
constexpr uint64_t kMaxDeflateRatio = 1032;
// A sanity bound on any one file's decompressed size (64 GiB).
constexpr uint64_t kMaxBytes = uint64_t(1) << 36;
constexpr size_t kChunk = size_t(1) << 20;

constexpr int64_t kCifarPixels = 3 * 32 * 32;
constexpr int64_t kCifarRecord = 1 + kCifarPixels;

std::string quote(const std::string &path) { return "'" + path + "'"; }

std::string plural(uint64_t n, const char *what) {
  return std::to_string(n) + " " + what + (n == 1 ? "" : "s");
}

/// Reads a file's bytes in order, inflating it on the way when it is gzipped.
class ByteReader {
public:
  ~ByteReader() {
    if (inflating)
      inflateEnd(&stream);
    if (file)
      std::fclose(file);
  }

  bool open(const std::string &filePath, std::string &error) {
    path = filePath;
    int fd = openRegularFile(path, fileSize, error);
    if (fd < 0)
      return false;
    file = ::fdopen(fd, "rb");
    if (!file) {
      error = "cannot open " + quote(path) + ": " + std::strerror(errno);
      ::close(fd);
      return false;
    }
    unsigned char magic[2] = {0, 0};
    size_t got = std::fread(magic, 1, 2, file);
    gzip = got == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
    std::rewind(file);
    if (gzip) {
      std::memset(&stream, 0, sizeof(stream));
      if (inflateInit2(&stream, 16 + MAX_WBITS) != Z_OK) {
        error = "cannot inflate " + quote(path) + ": zlib failed to start";
        return false;
      }
      inflating = true;
      input.resize(kChunk);
    }
    return true;
  }

  bool isGzip() const { return gzip; }
  uint64_t size() const { return fileSize; }
  /// The most bytes the file can hold once inflated.
  uint64_t maxContentBytes() const {
    return gzip ? std::min(kMaxBytes, fileSize * kMaxDeflateRatio + 1024) : fileSize;
  }

  /// Reads up to `n` bytes into `out`; `got` is less than n only at the end.
  bool read(uint8_t *out, size_t n, size_t &got, std::string &error) {
    got = 0;
    if (!gzip) {
      got = std::fread(out, 1, n, file);
      if (got < n && std::ferror(file)) {
        error = "cannot read " + quote(path) + ": " + std::strerror(errno);
        return false;
      }
      return true;
    }
    while (got < n && !finished) {
      if (stream.avail_in == 0) {
        size_t more = std::fread(input.data(), 1, input.size(), file);
        if (more == 0) {
          if (std::ferror(file)) {
            error = "cannot read " + quote(path) + ": " + std::strerror(errno);
            return false;
          }
          error = quote(path) + " is truncated: its gzip stream ends early";
          return false;
        }
        stream.next_in = input.data();
        stream.avail_in = static_cast<uInt>(more);
      }
      size_t want = std::min<size_t>(n - got, 1u << 30);
      stream.next_out = out + got;
      stream.avail_out = static_cast<uInt>(want);
      int status = inflate(&stream, Z_NO_FLUSH);
      got += want - stream.avail_out;
      if (status == Z_STREAM_END) {
        // Another gzip member may follow (as `cat a.gz b.gz` makes).
        if (stream.avail_in == 0) {
          int c = std::fgetc(file);
          if (c == EOF) {
            finished = true;
            break;
          }
          std::ungetc(c, file);
        }
        if (inflateReset(&stream) != Z_OK) {
          error = "cannot inflate " + quote(path);
          return false;
        }
      } else if (status != Z_OK && status != Z_BUF_ERROR) {
        error = quote(path) + " is not valid gzip data (" +
                (stream.msg ? std::string(stream.msg) : "zlib error " + std::to_string(status)) +
                ")";
        return false;
      }
    }
    return true;
  }

  /// Reads exactly `n` bytes, appending to `out` in chunks, so a short file
  /// never makes it allocate what it claims. `truncated` names what is short.
  bool readExactly(size_t n, std::vector<uint8_t> &out, const std::string &what,
                   std::string &error) {
    size_t start = out.size();
    while (out.size() - start < n) {
      size_t step = std::min(kChunk * 16, n - (out.size() - start));
      size_t before = out.size();
      out.resize(before + step);
      size_t got = 0;
      if (!read(out.data() + before, step, got, error))
        return false;
      out.resize(before + got);
      if (got < step) {
        error = quote(path) + " is truncated: " + what + " needs " + plural(n, "byte") +
                ", the file has " + plural(out.size() - start, "byte") + " of it";
        return false;
      }
    }
    return true;
  }

  /// True when nothing follows; `extra` counts what does (up to a bound).
  bool atEnd(uint64_t &extra, std::string &error) {
    extra = 0;
    uint8_t buffer[4096];
    for (;;) {
      size_t got = 0;
      if (!read(buffer, sizeof(buffer), got, error))
        return false;
      extra += got;
      if (got < sizeof(buffer) || extra > (uint64_t(1) << 30))
        break;
    }
    return true;
  }

  /// Every remaining byte (at most maxContentBytes()).
  bool readAll(std::vector<uint8_t> &out, std::string &error) {
    uint64_t limit = maxContentBytes();
    for (;;) {
      size_t before = out.size();
      out.resize(before + kChunk);
      size_t got = 0;
      if (!read(out.data() + before, kChunk, got, error))
        return false;
      out.resize(before + got);
      if (got < kChunk)
        return true;
      if (out.size() > limit) {
        error = quote(path) + " is too large";
        return false;
      }
    }
  }

private:
  std::string path;
  std::FILE *file = nullptr;
  uint64_t fileSize = 0;
  bool gzip = false;
  bool inflating = false;
  bool finished = false;
  z_stream stream;
  std::vector<uint8_t> input;
};

bool isIdxType(uint8_t byte) {
  return byte == 0x08 || byte == 0x09 || byte == 0x0B || byte == 0x0C || byte == 0x0D ||
         byte == 0x0E;
}

std::string hexMagic(const uint8_t *bytes) {
  char text[16];
  std::snprintf(text, sizeof(text), "%02x %02x %02x %02x", bytes[0], bytes[1], bytes[2],
                bytes[3]);
  return text;
}

// Converts big-endian elements to host order in place.
void fromBigEndian(std::vector<uint8_t> &data, size_t size) {
  if (size == 1)
    return;
  const uint16_t probe = 1;
  bool little = *reinterpret_cast<const uint8_t *>(&probe) == 1;
  if (!little)
    return;
  for (size_t i = 0; i + size <= data.size(); i += size)
    std::reverse(data.begin() + i, data.begin() + i + size);
}

double elementAt(ElementType type, const uint8_t *data, int64_t index) {
  switch (type) {
  case ElementType::U8:
    return data[index];
  case ElementType::I8:
    return static_cast<int8_t>(data[index]);
  case ElementType::I16: {
    int16_t v;
    std::memcpy(&v, data + index * 2, 2);
    return v;
  }
  case ElementType::I32: {
    int32_t v;
    std::memcpy(&v, data + index * 4, 4);
    return v;
  }
  case ElementType::F32: {
    float v;
    std::memcpy(&v, data + index * 4, 4);
    return v;
  }
  case ElementType::F64: {
    double v;
    std::memcpy(&v, data + index * 8, 8);
    return v;
  }
  }
  return 0;
}

/// A CIFAR-10 batch, read whole.
struct CifarBatch {
  std::vector<uint8_t> records;
  int64_t count = 0;
};

bool readCifar(const std::string &path, CifarBatch &out, std::string &error) {
  ByteReader reader;
  if (!reader.open(path, error))
    return false;
  if (!reader.isGzip() && reader.size() % kCifarRecord != 0) {
    error = quote(path) + " is not a CIFAR-10 batch: its " + plural(reader.size(), "byte") +
            " are not a whole number of " + std::to_string(kCifarRecord) +
            "-byte records (1 label byte + 3072 pixel bytes)";
    return false;
  }
  if (!reader.readAll(out.records, error))
    return false;
  if (out.records.size() % kCifarRecord != 0) {
    error = quote(path) + " is not a CIFAR-10 batch: its " +
            plural(out.records.size(), "byte") + " (inflated) are not a whole number of " +
            std::to_string(kCifarRecord) + "-byte records (1 label byte + 3072 pixel bytes)";
    return false;
  }
  out.count = static_cast<int64_t>(out.records.size() / kCifarRecord);
  if (out.count == 0) {
    error = quote(path) + " is an empty CIFAR-10 batch";
    return false;
  }
  return true;
}

bool endsWith(const std::string &text, const std::string &suffix) {
  return text.size() >= suffix.size() &&
         text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

bool parseFloat(const std::string &text, float &out) {
  if (text.empty())
    return false;
  char *end = nullptr;
  double value = std::strtod(text.c_str(), &end);
  if (end == text.c_str() || *end != '\0' || !std::isfinite(value) ||
      std::fabs(value) > 3.0e38)
    return false;
  out = static_cast<float>(value);
  return true;
}

} // namespace

size_t data::elementSize(ElementType type) {
  switch (type) {
  case ElementType::U8:
  case ElementType::I8:
    return 1;
  case ElementType::I16:
    return 2;
  case ElementType::I32:
  case ElementType::F32:
    return 4;
  case ElementType::F64:
    return 8;
  }
  return 1;
}

const char *data::elementTypeName(ElementType type) {
  switch (type) {
  case ElementType::U8:
    return "u8";
  case ElementType::I8:
    return "i8";
  case ElementType::I16:
    return "i16";
  case ElementType::I32:
    return "i32";
  case ElementType::F32:
    return "f32";
  case ElementType::F64:
    return "f64";
  }
  return "?";
}

std::string data::formatDims(const std::vector<int64_t> &dims) {
  if (dims.empty())
    return "scalar";
  std::string out;
  for (size_t i = 0; i < dims.size(); ++i)
    out += (i ? "x" : "") + std::to_string(dims[i]);
  return out;
}

double IdxTensor::at(int64_t index) const { return elementAt(type, data.data(), index); }

bool data::readIdx(const std::string &path, IdxTensor &out, std::string &error) {
  ByteReader reader;
  if (!reader.open(path, error))
    return false;
  std::vector<uint8_t> header;
  if (!reader.readExactly(4, header, "the IDX magic", error))
    return false;
  if (header[0] != 0 || header[1] != 0 || !isIdxType(header[2])) {
    error = quote(path) + " is not an IDX file: bad magic " + hexMagic(header.data()) +
            " (expected 00 00 TYPE RANK, TYPE one of 08 09 0b 0c 0d 0e)";
    return false;
  }
  ElementType type = static_cast<ElementType>(header[2]);
  unsigned rank = header[3];
  if (rank == 0 || rank > 8) {
    error = quote(path) + ": IDX rank " + std::to_string(rank) + " is not in [1, 8]";
    return false;
  }
  std::vector<uint8_t> dimBytes;
  if (!reader.readExactly(4 * rank, dimBytes, "the IDX header", error))
    return false;
  std::vector<int64_t> dims;
  uint64_t elements = 1;
  bool overflow = false;
  for (unsigned i = 0; i < rank; ++i) {
    const uint8_t *d = dimBytes.data() + 4 * i;
    uint64_t dim = (uint64_t(d[0]) << 24) | (uint64_t(d[1]) << 16) | (uint64_t(d[2]) << 8) |
                   uint64_t(d[3]);
    dims.push_back(static_cast<int64_t>(dim));
    if (dim != 0 && elements > kMaxBytes / dim)
      overflow = true;
    else
      elements *= dim;
  }
  size_t size = elementSize(type);
  if (overflow || elements > kMaxBytes / size) {
    error = quote(path) + ": IDX dims " + formatDims(dims) + " of " + elementTypeName(type) +
            " overflow (more than 2^36 bytes)";
    return false;
  }
  uint64_t bytes = elements * size;
  uint64_t headerBytes = 4 + 4 * uint64_t(rank);
  if (!reader.isGzip() && headerBytes + bytes != reader.size()) {
    error = quote(path) + ": the IDX header says " + formatDims(dims) + " " +
            elementTypeName(type) + " (" + plural(bytes, "data byte") + "), but the file has " +
            plural(reader.size() - headerBytes, "data byte") +
            (headerBytes + bytes > reader.size() ? " (truncated)" : "");
    return false;
  }
  if (reader.isGzip() && bytes > reader.maxContentBytes()) {
    error = quote(path) + ": the IDX header says " + formatDims(dims) + " " +
            elementTypeName(type) + " (" + plural(bytes, "byte") + "), more than a " +
            plural(reader.size(), "byte") + " gzip file can hold";
    return false;
  }
  std::vector<uint8_t> data;
  if (!reader.readExactly(static_cast<size_t>(bytes), data,
                          "the " + formatDims(dims) + " " + elementTypeName(type) + " data",
                          error))
    return false;
  uint64_t extra = 0;
  if (!reader.atEnd(extra, error))
    return false;
  if (extra != 0) {
    error = quote(path) + ": the IDX header says " + formatDims(dims) + " " +
            elementTypeName(type) + " (" + plural(bytes, "data byte") +
            "), but more bytes follow the data";
    return false;
  }
  fromBigEndian(data, size);
  out.type = type;
  out.dims = std::move(dims);
  out.data = std::move(data);
  return true;
}

bool data::isCifarFile(const std::string &path) {
  return endsWith(path, ".bin") || endsWith(path, ".bin.gz");
}

int64_t ImageSet::sampleSize() const {
  int64_t size = 1;
  for (int64_t dim : sampleDims)
    size *= dim;
  return size;
}

float ImageSet::value(int64_t sample, int64_t element) const {
  int64_t index = sample * sampleSize() + element;
  if (type == ElementType::U8)
    return static_cast<float>(data[static_cast<size_t>(index)]) / 255.0f;
  return static_cast<float>(elementAt(type, data.data(), index));
}

bool data::loadDataset(const std::vector<std::string> &imageFiles,
                       const std::vector<std::string> &labelFiles, Dataset &out,
                       std::string &error) {
  if (imageFiles.empty() || labelFiles.empty()) {
    error = "a data set needs image and label files";
    return false;
  }
  Dataset result;
  result.images.file = imageFiles.front();
  result.labelFile = labelFiles.front();
  // CIFAR-10 batches read for the images, kept for the labels when the same
  // file is named there too.
  std::map<std::string, std::unique_ptr<CifarBatch>> cifarLabels;
  for (const std::string &path : labelFiles)
    if (isCifarFile(path))
      cifarLabels[path];

  for (const std::string &path : imageFiles) {
    ElementType type;
    std::vector<int64_t> sampleDims;
    int64_t count;
    std::vector<uint8_t> pixels;
    if (isCifarFile(path)) {
      auto batch = std::make_unique<CifarBatch>();
      if (!readCifar(path, *batch, error))
        return false;
      type = ElementType::U8;
      sampleDims = {3, 32, 32};
      count = batch->count;
      pixels.resize(static_cast<size_t>(count * kCifarPixels));
      for (int64_t i = 0; i < count; ++i)
        std::memcpy(pixels.data() + i * kCifarPixels,
                    batch->records.data() + i * kCifarRecord + 1, kCifarPixels);
      auto it = cifarLabels.find(path);
      if (it != cifarLabels.end() && !it->second) {
        // Keep only the labels.
        for (int64_t i = 0; i < count; ++i)
          batch->records[static_cast<size_t>(i)] =
              batch->records[static_cast<size_t>(i * kCifarRecord)];
        batch->records.resize(static_cast<size_t>(count));
        batch->records.shrink_to_fit();
        it->second = std::move(batch);
      }
    } else {
      IdxTensor tensor;
      if (!readIdx(path, tensor, error))
        return false;
      type = tensor.type;
      count = tensor.dims.front();
      sampleDims.assign(tensor.dims.begin() + 1, tensor.dims.end());
      pixels = std::move(tensor.data);
    }
    if (count == 0) {
      error = quote(path) + " holds no images";
      return false;
    }
    if (path != imageFiles.front() &&
        (sampleDims != result.images.sampleDims || type != result.images.type)) {
      error = quote(path) + " has " + formatDims(sampleDims) + " " + elementTypeName(type) +
              " images, but " + quote(imageFiles.front()) + " has " +
              formatDims(result.images.sampleDims) + " " +
              elementTypeName(result.images.type) + " images";
      return false;
    }
    result.images.type = type;
    result.images.sampleDims = sampleDims;
    result.images.count += count;
    result.images.data.insert(result.images.data.end(), pixels.begin(), pixels.end());
  }

  for (const std::string &path : labelFiles) {
    if (isCifarFile(path)) {
      std::unique_ptr<CifarBatch> &batch = cifarLabels[path];
      if (!batch) {
        batch = std::make_unique<CifarBatch>();
        if (!readCifar(path, *batch, error))
          return false;
        for (int64_t i = 0; i < batch->count; ++i)
          result.labels.push_back(batch->records[static_cast<size_t>(i * kCifarRecord)]);
      } else {
        for (int64_t i = 0; i < batch->count; ++i)
          result.labels.push_back(batch->records[static_cast<size_t>(i)]);
      }
      // A file listed twice gives its labels twice.
      batch.reset();
      continue;
    }
    IdxTensor tensor;
    if (!readIdx(path, tensor, error))
      return false;
    if (tensor.type == ElementType::F32 || tensor.type == ElementType::F64) {
      error = quote(path) + ": labels are " + elementTypeName(tensor.type) +
              ", expected an integer IDX type (u8, i8, i16, i32)";
      return false;
    }
    if (tensor.dims.size() != 1 && !(tensor.dims.size() == 2 && tensor.dims[1] == 1)) {
      error = quote(path) + ": labels are " + formatDims(tensor.dims) +
              ", expected one class index per image ([N])";
      return false;
    }
    for (int64_t i = 0; i < tensor.dims[0]; ++i)
      result.labels.push_back(static_cast<int64_t>(tensor.at(i)));
  }

  if (static_cast<int64_t>(result.labels.size()) != result.images.count) {
    std::string imageNames, labelNames;
    for (const std::string &path : imageFiles)
      imageNames += (imageNames.empty() ? "" : ", ") + quote(path);
    for (const std::string &path : labelFiles)
      labelNames += (labelNames.empty() ? "" : ", ") + quote(path);
    error = "the number of images (" + std::to_string(result.images.count) + " in " +
            imageNames + ") and labels (" + std::to_string(result.labels.size()) + " in " +
            labelNames + ") differ";
    return false;
  }
  out = std::move(result);
  return true;
}

bool data::checkLabels(const Dataset &data, int64_t classes, std::string &error) {
  for (size_t i = 0; i < data.labels.size(); ++i) {
    int64_t label = data.labels[i];
    if (label < 0 || label >= classes) {
      error = quote(data.labelFile) + ": label " + std::to_string(i) + " is " +
              std::to_string(label) + ", outside the model's classes [0, " +
              std::to_string(classes) + ")";
      return false;
    }
  }
  return true;
}

bool data::planFit(const ImageSet &images, const std::vector<int64_t> &inputDims,
                   const std::string &inputName, FitPlan &out, std::string &error) {
  FitPlan plan;
  plan.inputDims = inputDims;
  const std::vector<int64_t> &sample = images.sampleDims;
  int64_t inputSize = 1;
  for (int64_t dim : inputDims)
    inputSize *= dim;
  auto fail = [&](const std::string &why) {
    error = "cannot fit the " + formatDims(sample) + " images of " + quote(images.file) +
            " to the model input '" + inputName + "' (" + formatDims(inputDims) +
            " per sample): " + why;
    return false;
  };

  if (sample == inputDims) {
    plan.inChannels = plan.outChannels = 1;
    plan.inHeight = plan.outHeight = 1;
    plan.inWidth = plan.outWidth = inputSize;
    out = plan;
    return true;
  }
  if (inputDims.size() == 1) {
    if (inputSize != images.sampleSize())
      return fail("a flat input takes " + std::to_string(inputSize) + " values, an image has " +
                  std::to_string(images.sampleSize()));
    plan.inWidth = plan.outWidth = inputSize;
    plan.description = "images: " + formatDims(sample) + " flattened to " +
                       std::to_string(inputSize) + " values";
    out = plan;
    return true;
  }
  if (inputDims.size() != 2 && inputDims.size() != 3)
    return fail("expected an input of C x H x W, H x W or a flat one");
  if (sample.size() == 2) {
    plan.inChannels = 1;
    plan.inHeight = sample[0];
    plan.inWidth = sample[1];
  } else if (sample.size() == 3) {
    plan.inChannels = sample[0];
    plan.inHeight = sample[1];
    plan.inWidth = sample[2];
  } else {
    return fail("images must be h x w or c x h x w");
  }
  if (inputDims.size() == 3) {
    plan.outChannels = inputDims[0];
    plan.outHeight = inputDims[1];
    plan.outWidth = inputDims[2];
  } else {
    plan.outChannels = 1;
    plan.outHeight = inputDims[0];
    plan.outWidth = inputDims[1];
  }
  if (plan.inChannels != plan.outChannels && plan.inChannels != 1)
    return fail(std::to_string(plan.inChannels) + " channels do not make " +
                std::to_string(plan.outChannels));
  if (plan.inHeight > plan.outHeight || plan.inWidth > plan.outWidth)
    return fail("images larger than the input are not cropped");
  plan.padTop = (plan.outHeight - plan.inHeight) / 2;
  plan.padLeft = (plan.outWidth - plan.inWidth) / 2;

  std::string how;
  if (plan.inChannels != plan.outChannels)
    how += "gray replicated to " + std::to_string(plan.outChannels) + " channels";
  if (plan.inHeight != plan.outHeight || plan.inWidth != plan.outWidth) {
    int64_t bottom = plan.outHeight - plan.inHeight - plan.padTop;
    int64_t right = plan.outWidth - plan.inWidth - plan.padLeft;
    how += std::string(how.empty() ? "" : ", ") + "zero-padded to " +
           std::to_string(plan.outHeight) + "x" + std::to_string(plan.outWidth) + " (";
    if (plan.padTop == bottom && plan.padLeft == right && plan.padTop == plan.padLeft)
      how += std::to_string(plan.padTop) + (plan.padTop == 1 ? " pixel" : " pixels") + " each side";
    else
      how += "top " + std::to_string(plan.padTop) + ", bottom " + std::to_string(bottom) +
             ", left " + std::to_string(plan.padLeft) + ", right " + std::to_string(right);
    how += ", centered)";
  }
  if (!how.empty() || sample != inputDims)
    plan.description = "images: " + formatDims(sample) + " fitted to the model input " +
                       formatDims(inputDims) + (how.empty() ? "" : ": " + how);
  out = plan;
  return true;
}

bool data::parseNormalize(const std::string &text, Normalize &out, std::string &error) {
  size_t comma = text.find(',');
  Normalize result;
  if (comma == std::string::npos || !parseFloat(text.substr(0, comma), result.mean) ||
      !parseFloat(text.substr(comma + 1), result.std)) {
    error = "--normalize '" + text + "' is not MEAN,STD (two finite numbers, e.g. 0.5,0.5)";
    return false;
  }
  if (!(result.std > 0)) {
    error = "--normalize '" + text + "': STD must be > 0";
    return false;
  }
  out = result;
  return true;
}

void data::fillImages(const ImageSet &images, const FitPlan &plan, const Normalize &normalize,
                      const int64_t *indices, int64_t n, float *out) {
  const int64_t outPlane = plan.outHeight * plan.outWidth;
  const int64_t outSample = plan.outChannels * outPlane;
  const int64_t inPlane = plan.inHeight * plan.inWidth;
  const float pad = (0.0f - normalize.mean) / normalize.std;
  const int64_t sampleSize = images.sampleSize();
  for (int64_t b = 0; b < n; ++b) {
    int64_t sample = indices[b];
    float *dst = out + b * outSample;
    if (plan.padTop != 0 || plan.padLeft != 0 || plan.inHeight != plan.outHeight ||
        plan.inWidth != plan.outWidth)
      std::fill(dst, dst + outSample, pad);
    for (int64_t c = 0; c < plan.outChannels; ++c) {
      int64_t srcChannel = plan.inChannels == 1 ? 0 : c;
      for (int64_t y = 0; y < plan.inHeight; ++y) {
        float *row = dst + c * outPlane + (y + plan.padTop) * plan.outWidth + plan.padLeft;
        int64_t src = srcChannel * inPlane + y * plan.inWidth;
        if (images.type == ElementType::U8) {
          const uint8_t *pixels = images.data.data() + sample * sampleSize + src;
          for (int64_t x = 0; x < plan.inWidth; ++x)
            row[x] = (static_cast<float>(pixels[x]) / 255.0f - normalize.mean) / normalize.std;
        } else {
          for (int64_t x = 0; x < plan.inWidth; ++x)
            row[x] = (images.value(sample, src + x) - normalize.mean) / normalize.std;
        }
      }
    }
  }
}

void data::fillLabels(const Dataset &data, const int64_t *indices, int64_t n, int64_t *out) {
  for (int64_t i = 0; i < n; ++i)
    out[i] = data.labels[static_cast<size_t>(indices[i])];
}

void data::fillLabels(const Dataset &data, const int64_t *indices, int64_t n, int32_t *out) {
  for (int64_t i = 0; i < n; ++i)
    out[i] = static_cast<int32_t>(data.labels[static_cast<size_t>(indices[i])]);
}

void data::fillOneHot(const Dataset &data, const int64_t *indices, int64_t n, int64_t classes,
                      float *out) {
  std::fill(out, out + n * classes, 0.0f);
  for (int64_t i = 0; i < n; ++i) {
    int64_t label = data.labels[static_cast<size_t>(indices[i])];
    if (label >= 0 && label < classes)
      out[i * classes + label] = 1.0f;
  }
}

uint64_t SplitMix64::next() {
  uint64_t z = (state += 0x9e3779b97f4a7c15ull);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

uint64_t SplitMix64::below(uint64_t bound) {
  // Rejects the top partial range so every value is equally likely.
  uint64_t limit = UINT64_MAX - UINT64_MAX % bound;
  for (;;) {
    uint64_t x = next();
    if (x < limit)
      return x % bound;
  }
}

float SplitMix64::uniform() { return static_cast<float>(next() >> 40) * (1.0f / 16777216.0f); }

std::vector<int64_t> data::epochOrder(int64_t count, uint64_t seed, int64_t epoch,
                                      bool shuffle) {
  std::vector<int64_t> order(static_cast<size_t>(count));
  for (int64_t i = 0; i < count; ++i)
    order[static_cast<size_t>(i)] = i;
  if (!shuffle)
    return order;
  // Mix seed and epoch so nearby seeds and epochs give unrelated orders.
  SplitMix64 mixer(seed);
  uint64_t epochSeed = mixer.next() ^ (static_cast<uint64_t>(epoch) * 0xd1b54a32d192ed03ull);
  SplitMix64 rng(SplitMix64(epochSeed).next());
  for (int64_t i = count - 1; i > 0; --i) {
    int64_t j = static_cast<int64_t>(rng.below(static_cast<uint64_t>(i) + 1));
    std::swap(order[static_cast<size_t>(i)], order[static_cast<size_t>(j)]);
  }
  return order;
}

uint64_t data::fnv1a(const void *data, size_t size, uint64_t hash) {
  const uint8_t *bytes = static_cast<const uint8_t *>(data);
  for (size_t i = 0; i < size; ++i) {
    hash ^= bytes[i];
    hash *= 0x100000001b3ull;
  }
  return hash;
}
