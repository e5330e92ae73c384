//===- Datasets.h - image classification data sets for dlc-train ----------===//
//
// Reads IDX files (MNIST, Fashion-MNIST; gzipped or not) and CIFAR-10 binary
// batches, fits their images to a model's input (gray to RGB, zero padding,
// flattening), normalizes them and shuffles them the same way on every
// platform. Bad files give one-line errors that name the file; a header's
// claims are checked against the file's size before anything is allocated.
//
//===----------------------------------------------------------------------===//
#ifndef DLC_TOOLS_COMMON_DATASETS_H
#define DLC_TOOLS_COMMON_DATASETS_H

#include <cstdint>
#include <string>
#include <vector>

namespace dlc::data {

/// IDX element types (the third magic byte).
enum class ElementType : uint8_t {
  U8 = 0x08,
  I8 = 0x09,
  I16 = 0x0B,
  I32 = 0x0C,
  F32 = 0x0D,
  F64 = 0x0E,
};

/// Bytes per element of `type`.
size_t elementSize(ElementType type);
/// "u8", "i8", "i16", "i32", "f32", "f64".
const char *elementTypeName(ElementType type);

/// An IDX file's tensor, its elements converted to host byte order.
struct IdxTensor {
  ElementType type = ElementType::U8;
  std::vector<int64_t> dims;
  std::vector<uint8_t> data;

  /// Element `index` as a double.
  double at(int64_t index) const;
};

/// Reads an IDX file, gzipped (detected by the 1f 8b magic) or not.
bool readIdx(const std::string &path, IdxTensor &out, std::string &error);

/// The images of a data set: `count` samples of `sampleDims` each.
struct ImageSet {
  ElementType type = ElementType::U8;
  std::vector<int64_t> sampleDims; ///< e.g. {28, 28} (IDX) or {3, 32, 32} (CIFAR-10)
  int64_t count = 0;
  std::vector<uint8_t> data;       ///< host byte order, count * sampleSize() elements
  std::string file;                ///< the first file, for messages

  int64_t sampleSize() const;
  /// Element `element` of sample `sample` as the model sees it before
  /// normalization: u8 pixels scaled to [0, 1], other types as stored.
  float value(int64_t sample, int64_t element) const;
};

/// A data set: images and one class index per image.
struct Dataset {
  ImageSet images;
  std::vector<int64_t> labels;
  std::string labelFile; ///< the first label file, for messages
};

/// True when `path` names a CIFAR-10 binary batch (ends with ".bin" or
/// ".bin.gz"); everything else is read as IDX.
bool isCifarFile(const std::string &path);

/// Reads the images from `imageFiles` and the labels from `labelFiles`,
/// each list concatenated in order. A CIFAR-10 batch holds both, so the same
/// file may appear in both lists (it is read once). Fails unless the numbers
/// of images and labels agree and every image file has the same sample shape.
bool loadDataset(const std::vector<std::string> &imageFiles,
                 const std::vector<std::string> &labelFiles, Dataset &out, std::string &error);

/// Checks every label is in [0, classes); the error names the index, value,
/// range and file.
bool checkLabels(const Dataset &data, int64_t classes, std::string &error);

/// How images of a data set are laid into a model input of one sample
/// (`inputDims`, the input's dims without the batch dim).
struct FitPlan {
  std::vector<int64_t> inputDims;
  int64_t inChannels = 1, inHeight = 1, inWidth = 1;    ///< the image
  int64_t outChannels = 1, outHeight = 1, outWidth = 1; ///< the model's input
  int64_t padTop = 0, padLeft = 0;
  /// One line saying how images are fitted, empty when they are taken as
  /// they are.
  std::string description;
};

/// Plans how images of `images` fit `inputDims`: the same shape; flattened
/// into a rank-1 input of the same size; or, for a [C, H, W] (or [H, W])
/// input, an image c x h x w (a rank-2 image is 1 x h x w) with c == C or
/// c == 1 (gray replicated to C channels), h <= H and w <= W, zero-padded
/// and centered. Anything else fails with one line naming the file and both
/// shapes.
bool planFit(const ImageSet &images, const std::vector<int64_t> &inputDims,
             const std::string &inputName, FitPlan &out, std::string &error);

/// (x - mean) / std on every element, like torchvision's Normalize with the
/// same mean and std for every channel; identity by default.
struct Normalize {
  float mean = 0.0f;
  float std = 1.0f;
};

/// Parses "MEAN,STD" (finite numbers, STD > 0).
bool parseNormalize(const std::string &text, Normalize &out, std::string &error);

/// Writes samples `indices[0..n)` of `images`, fitted by `plan` (padding is
/// pixel value 0, before normalization, as torchvision's Pad then Normalize)
/// and normalized, into `out` (n * product(plan.inputDims) floats).
void fillImages(const ImageSet &images, const FitPlan &plan, const Normalize &normalize,
                const int64_t *indices, int64_t n, float *out);

/// Class indices of samples `indices[0..n)`.
void fillLabels(const Dataset &data, const int64_t *indices, int64_t n, int64_t *out);
void fillLabels(const Dataset &data, const int64_t *indices, int64_t n, int32_t *out);
/// One-hot targets [n, classes] of samples `indices[0..n)` (the mse target).
void fillOneHot(const Dataset &data, const int64_t *indices, int64_t n, int64_t classes,
                float *out);

/// SplitMix64: a small generator that gives the same numbers everywhere.
class SplitMix64 {
public:
  explicit SplitMix64(uint64_t seed) : state(seed) {}
  uint64_t next();
  /// Uniform in [0, bound), without modulo bias; bound > 0.
  uint64_t below(uint64_t bound);
  /// Uniform in [0, 1) with 24 random bits (exact as a float).
  float uniform();

private:
  uint64_t state;
};

/// The order of `count` samples in epoch `epoch` (0-based): a Fisher–Yates
/// shuffle from SplitMix64 seeded by (seed, epoch), or 0, 1, ... when
/// `shuffle` is false. The same on every platform and independent of other
/// epochs, so a resumed run sees the same order.
std::vector<int64_t> epochOrder(int64_t count, uint64_t seed, int64_t epoch, bool shuffle);

/// FNV-1a (64 bit) of `size` bytes, continuing from `hash`.
uint64_t fnv1a(const void *data, size_t size, uint64_t hash = 0xcbf29ce484222325ull);

/// "28x28", "3x32x32".
std::string formatDims(const std::vector<int64_t> &dims);

} // namespace dlc::data

#endif // DLC_TOOLS_COMMON_DATASETS_H
