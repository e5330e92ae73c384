//===- HeaderWriter.cpp - a typed C header for one compiled model ---------===//
#include "compiler/codegen/HeaderWriter.h"

#include <cctype>
#include <set>
#include <sstream>

using namespace dlc;

namespace {
const std::set<std::string> kReserved = {
    "auto",     "break",    "case",     "char",      "class",    "const",   "continue",
    "default",  "delete",   "do",       "double",    "else",     "enum",    "extern",
    "float",    "for",      "goto",     "if",        "inline",   "int",     "long",
    "new",      "operator", "private",  "protected", "public",   "register", "restrict",
    "return",   "short",    "signed",   "sizeof",    "static",   "struct",  "switch",
    "template", "this",     "typedef",  "union",     "unsigned", "virtual", "void",
    "volatile", "while",    "bool",     "true",      "false",    "session", "status"};

const char *cType(dlc_dtype dtype) {
  switch (dtype) {
  case DLC_DTYPE_F32: return "float";
  case DLC_DTYPE_F64: return "double";
  case DLC_DTYPE_I8: return "int8_t";
  case DLC_DTYPE_I16: return "int16_t";
  case DLC_DTYPE_I32: return "int32_t";
  case DLC_DTYPE_I64: return "int64_t";
  case DLC_DTYPE_U8: return "uint8_t";
  case DLC_DTYPE_U16: return "uint16_t";
  case DLC_DTYPE_U32: return "uint32_t";
  case DLC_DTYPE_U64: return "uint64_t";
  case DLC_DTYPE_BOOL: return "uint8_t";
  case DLC_DTYPE_F16:
  case DLC_DTYPE_BF16: return "uint16_t"; // raw bits
  default: return "void";
  }
}

std::string upper(std::string s) {
  for (char &c : s)
    c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

struct Named {
  const artifact::TensorSpec *spec;
  std::string id;
  bool isInput;
};
} // namespace

std::string dlc::toCIdentifier(const std::string &name) {
  std::string id;
  for (char c : name)
    id += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
  if (id.empty() || std::isdigit(static_cast<unsigned char>(id[0])))
    id = "t_" + id;
  // Leading underscores followed by a capital, or two, are reserved in C.
  if (id[0] == '_')
    id = "t" + id;
  if (kReserved.count(id))
    id += "_";
  return id;
}

std::string dlc::writeHeader(const artifact::ModelMetadata &metadata,
                             const std::string &prefix, const std::string &sourceName) {
  std::string p = toCIdentifier(prefix);
  std::string guard = "DLC_MODEL_" + upper(p) + "_H";
  std::vector<Named> tensors;
  std::set<std::string> used;
  auto add = [&](const artifact::TensorSpec &spec, bool isInput) {
    std::string id = toCIdentifier(spec.name);
    std::string unique = id;
    for (int n = 2; used.count(unique); ++n)
      unique = id + "_" + std::to_string(n);
    used.insert(unique);
    tensors.push_back({&spec, unique, isInput});
  };
  for (const auto &spec : metadata.inputs)
    add(spec, true);
  for (const auto &spec : metadata.outputs)
    add(spec, false);

  std::ostringstream h;
  h << "/* " << p << ": typed access to a model compiled by dlc-compile from "
    << sourceName << ".\n"
    << " * Generated; do not edit. Load the library with dlc_model_load and create\n"
    << " * a session with dlc_session_create, then call " << p << "_run. */\n"
    << "#ifndef " << guard << "\n#define " << guard << "\n\n"
    << "#include <stddef.h>\n#include <stdint.h>\n\n#include \"dlc/runtime.h\"\n\n"
    << "#ifdef __cplusplus\nextern \"C\" {\n#endif\n\n";
  h << "#define " << upper(p) << "_NUM_INPUTS " << metadata.inputs.size() << "\n";
  h << "#define " << upper(p) << "_NUM_OUTPUTS " << metadata.outputs.size() << "\n";
  for (const Named &t : tensors) {
    std::string macro = upper(p) + "_" + upper(t.id);
    int64_t count = 1;
    for (int64_t d : t.spec->dims)
      count *= d;
    h << "\n/* " << (t.isInput ? "input" : "output") << " \"" << t.spec->name << "\": "
      << artifact::dtypeName(t.spec->dtype) << "[";
    for (size_t i = 0; i < t.spec->dims.size(); ++i)
      h << (i ? "x" : "") << t.spec->dims[i];
    h << "] */\n";
    h << "#define " << macro << "_RANK " << t.spec->dims.size() << "\n";
    h << "#define " << macro << "_COUNT " << count << "\n";
    h << "#define " << macro << "_DIMS {";
    for (size_t i = 0; i < t.spec->dims.size(); ++i)
      h << (i ? ", " : "") << t.spec->dims[i];
    h << (t.spec->dims.empty() ? "0" : "") << "}\n";
  }

  h << "\n/* Runs the model: inputs are read, outputs written, each a dense array of\n"
    << " * the element count above. Returns NULL on success, or a status to free. */\n";
  h << "static inline dlc_status *" << p << "_run(dlc_session *session";
  for (const Named &t : tensors)
    h << ",\n    " << (t.isInput ? "const " : "") << cType(t.spec->dtype) << " *" << t.id;
  h << ") {\n";
  auto emitArray = [&](bool inputs) {
    const char *kind = inputs ? "inputs" : "outputs";
    size_t n = inputs ? metadata.inputs.size() : metadata.outputs.size();
    for (const Named &t : tensors) {
      if (t.isInput != inputs)
        continue;
      std::string macro = upper(p) + "_" + upper(t.id);
      h << "  static const int64_t " << t.id << "_dims[] = " << macro << "_DIMS;\n";
    }
    h << "  dlc_tensor " << kind << "[" << (n ? n : 1) << "];\n";
    size_t i = 0;
    for (const Named &t : tensors) {
      if (t.isInput != inputs)
        continue;
      std::string macro = upper(p) + "_" + upper(t.id);
      h << "  " << kind << "[" << i << "].dtype = (dlc_dtype)" << t.spec->dtype << ";\n"
        << "  " << kind << "[" << i << "].rank = " << macro << "_RANK;\n"
        << "  " << kind << "[" << i << "].dims = " << t.id << "_dims;\n"
        << "  " << kind << "[" << i << "].data = (void *)(uintptr_t)" << t.id << ";\n"
        << "  " << kind << "[" << i << "].byte_size = (size_t)" << macro
        << "_COUNT * sizeof(*" << t.id << ");\n";
      ++i;
    }
  };
  emitArray(true);
  emitArray(false);
  h << "  return dlc_session_run(session, inputs, " << metadata.inputs.size()
    << ", outputs, " << metadata.outputs.size() << ");\n}\n";
  h << "\n#ifdef __cplusplus\n}\n#endif\n\n#endif /* " << guard << " */\n";
  return h.str();
}
