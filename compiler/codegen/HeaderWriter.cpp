//===- HeaderWriter.cpp - a typed C header for one compiled model ---------===//
#include "compiler/codegen/HeaderWriter.h"

#include "compiler/codegen/CIdentifiers.h"

#include <cctype>
#include <set>
#include <sstream>

using namespace dlc;

namespace {
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
  case DLC_DTYPE_STRING: return "dlc_string";
  default: return "void";
  }
}

std::string upper(std::string s) {
  for (char &c : s)
    c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

/// A tensor of one entry and the C names it gets.
struct Named {
  const artifact::TensorSpec *spec;
  std::string id;    ///< The function parameter.
  std::string macro; ///< The stem of its _RANK, _COUNT and _DIMS macros.
  bool isInput;
};

std::string dimsText(const artifact::TensorSpec &spec) {
  std::string out;
  for (size_t i = 0; i < spec.dims.size(); ++i)
    out += (i ? "x" : "") + std::to_string(spec.dims[i]);
  return out;
}

/// `text` as the lines of a C block comment, "/* " first, at most 79 columns.
std::string blockComment(const std::string &text) {
  std::string out, line = "/*";
  std::istringstream words(text);
  for (std::string word; words >> word;) {
    if (line.size() + 1 + word.size() > 79 - 3) {
      out += line + "\n";
      line = " *";
    }
    line += " " + word;
  }
  return out + line + " */\n";
}

std::string lower(std::string s) {
  for (char &c : s)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

/// `id` clear of the other names the header defines: the `session`
/// parameter, and macros, which are upper case and start with `macroStart`
/// (an identifier with a lower-case letter cannot be one).
std::string clearOfHeaderNames(const std::string &id, const std::string &macroStart) {
  if (id == "session")
    return id + "_";
  if (id == upper(id) && id.rfind(macroStart, 0) == 0)
    return toCIdentifier(lower(id));
  return id;
}

/// Names the tensors of `entry`: parameter names unique within the function
/// (also ignoring case, since macros are upper case) and macro stems unique
/// across the header, where the entries' macros share one namespace.
std::vector<Named> nameTensors(const artifact::EntrySpec &entry, const std::string &prefix,
                               const std::string &macroPrefix, std::set<std::string> &macros) {
  std::vector<Named> tensors;
  std::set<std::string> ids;
  auto add = [&](const artifact::TensorSpec &spec, bool isInput) {
    std::string base = clearOfHeaderNames(toCIdentifier(spec.name), upper(prefix) + "_");
    std::string id = base;
    // No double underscore: base may end in one.
    std::string separator = base.back() == '_' ? "" : "_";
    for (int n = 2; ids.count(upper(id)) || macros.count(macroPrefix + upper(id)); ++n)
      id = base + separator + std::to_string(n);
    ids.insert(upper(id));
    macros.insert(macroPrefix + upper(id));
    tensors.push_back({&spec, id, macroPrefix + upper(id), isInput});
  };
  for (const auto &spec : entry.inputs)
    add(spec, true);
  for (const auto &spec : entry.outputs)
    add(spec, false);
  return tensors;
}

void writeMacros(std::ostringstream &h, const std::vector<Named> &tensors) {
  for (const Named &t : tensors) {
    int64_t count = 1;
    for (int64_t d : t.spec->dims)
      count *= d;
    h << "\n/* " << (t.isInput ? "input" : "output") << " \"" << toCommentText(t.spec->name)
      << "\": " << artifact::dtypeName(t.spec->dtype) << "[" << dimsText(*t.spec) << "] */\n";
    h << "#define " << t.macro << "_RANK " << t.spec->dims.size() << "\n";
    h << "#define " << t.macro << "_COUNT " << count << "\n";
    h << "#define " << t.macro << "_DIMS {";
    for (size_t i = 0; i < t.spec->dims.size(); ++i)
      h << (i ? ", " : "") << t.spec->dims[i];
    h << (t.spec->dims.empty() ? "0" : "") << "}\n";
  }
}

/// The typed wrapper of one entry; `run` calls dlc_session_run, the others
/// dlc_session_run_entry.
void writeFunction(std::ostringstream &h, const artifact::EntrySpec &entry,
                   const std::vector<Named> &tensors, const std::string &prefix) {
  bool isRun = entry.name == "run";
  std::string doc = (isRun ? "Runs the model" : "Runs entry " + entry.name) +
                    ": inputs are read, outputs written, each a dense array of the element "
                    "count above. Returns NULL on success, or a status to free.";
  if (!entry.updates.empty()) {
    doc += " On success it updates this session's";
    for (size_t i = 0; i < entry.updates.size(); ++i)
      doc += " " + toCommentText(entry.updates[i]) + (i + 1 < entry.updates.size() ? "," : ".");
  }
  h << "\n" << blockComment(doc);
  h << "static inline dlc_status *" << prefix << "_" << entry.name << "(dlc_session *session";
  for (const Named &t : tensors)
    h << ",\n    " << (t.isInput ? "const " : "") << cType(t.spec->dtype) << " *" << t.id;
  h << ") {\n";
  auto emitArray = [&](bool inputs) {
    const char *kind = inputs ? "in" : "out";
    size_t n = inputs ? entry.inputs.size() : entry.outputs.size();
    size_t i = 0;
    for (const Named &t : tensors)
      if (t.isInput == inputs)
        h << "  static const int64_t dlc_" << kind << "_dims_" << i++ << "[] = " << t.macro
          << "_DIMS;\n";
    h << "  dlc_tensor dlc_" << kind << "[" << (n ? n : 1) << "];\n";
    i = 0;
    for (const Named &t : tensors) {
      if (t.isInput != inputs)
        continue;
      std::string element = "  dlc_" + std::string(kind) + "[" + std::to_string(i) + "].";
      h << element << "dtype = (dlc_dtype)" << t.spec->dtype << ";\n"
        << element << "rank = " << t.macro << "_RANK;\n"
        << element << "dims = dlc_" << kind << "_dims_" << i << ";\n"
        << element << "data = (void *)(uintptr_t)" << t.id << ";\n"
        << element << "byte_size = (size_t)" << t.macro << "_COUNT * sizeof(*" << t.id
        << ");\n";
      ++i;
    }
  };
  emitArray(true);
  emitArray(false);
  h << "  return " << (isRun ? "dlc_session_run(session, " : "dlc_session_run_entry(session, \"" + entry.name + "\", ")
    << "dlc_in, " << entry.inputs.size() << ", dlc_out, " << entry.outputs.size() << ");\n}\n";
}
} // namespace

std::string dlc::writeHeader(const artifact::ModelMetadata &metadata,
                             const std::string &prefix, const std::string &sourceName) {
  std::string p = toCIdentifier(prefix);
  std::string guard = "DLC_MODEL_" + upper(p) + "_H";
  const artifact::EntrySpec &run = metadata.entries.front();

  std::ostringstream h;
  std::string doc = p + ": typed access to a model compiled by dlc-compile from " +
                    toCommentText(sourceName) +
                    ". Generated; do not edit. Load the library with dlc_model_load and "
                    "create a session with dlc_session_create, then call " +
                    p + "_run";
  for (size_t i = 1; i < metadata.entries.size(); ++i)
    doc += (i == 1 ? " (or " : ", ") + p + "_" + metadata.entries[i].name +
           (i + 1 == metadata.entries.size() ? ")" : "");
  h << blockComment(doc + ".");
  h << "#ifndef " << guard << "\n#define " << guard << "\n\n"
    << "#include <stddef.h>\n#include <stdint.h>\n\n#include \"dlc/runtime.h\"\n\n"
    << "#ifdef __cplusplus\nextern \"C\" {\n#endif\n\n";
  h << "#define " << upper(p) << "_NUM_INPUTS " << run.inputs.size() << "\n";
  h << "#define " << upper(p) << "_NUM_OUTPUTS " << run.outputs.size() << "\n";

  bool hasState = false;
  for (const artifact::TensorSpec &param : metadata.params)
    hasState = hasState || param.writable;
  if (hasState) {
    h << "\n/* State, per session (dlc_session_read_param, dlc_session_write_param):";
    for (const artifact::TensorSpec &param : metadata.params)
      if (param.writable)
        h << "\n *   \"" << toCommentText(param.name) << "\" "
          << artifact::dtypeName(param.dtype) << "[" << dimsText(param) << "]";
    h << " */\n";
  }

  std::set<std::string> macros;
  for (const artifact::EntrySpec &entry : metadata.entries) {
    // run's macros keep the names of a header without other entries.
    std::string macroPrefix =
        upper(p) + "_" + (&entry == &run ? "" : upper(entry.name) + "_");
    std::vector<Named> tensors = nameTensors(entry, p, macroPrefix, macros);
    writeMacros(h, tensors);
    writeFunction(h, entry, tensors, p);
  }
  h << "\n#ifdef __cplusplus\n}\n#endif\n\n#endif /* " << guard << " */\n";
  return h.str();
}
