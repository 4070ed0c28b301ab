import CaseflowSource
/// Adds key/value pairs to the open mapping, collecting duplicate and merge keys as problems.
extension Composer {
    mutating func addEntry(_ entry: YAMLMappingEntry, to frame: Frame) {
        guard let key = entry.key.scalar else {
            frame.entries.append(entry)
            return
        }
        if key.style == .plain, key.value == "<<", entry.key.tag == nil {
            problems.append(mergeKeyProblem(at: entry.key.location))
            return
        }
        if let first = frame.keyIndex.firstIndex(of: key.value, in: frame.entries) {
            let firstKey = frame.entries[first].key
            problems.append(duplicateKeyProblem(key.value, at: entry.key.location, first: firstKey.location))
            return
        }
        frame.entries.append(entry)
        frame.keyIndex.didAppend(to: frame.entries)
    }

    private func duplicateKeyProblem(_ key: String, at location: SourceLocation,
                                     first: SourceLocation) -> YAMLError {
        YAMLError(
            kind: .duplicateKey, location: location,
            message: "duplicate key \"\(key)\" in this mapping (first defined at line \(first.line), "
                + "column \(first.column)); a key may appear only once, so remove or rename one of them",
            notes: [YAMLError.Note(location: first, message: "\"\(key)\" is first defined here")]
        )
    }

    private func mergeKeyProblem(at location: SourceLocation) -> YAMLError {
        YAMLError(
            kind: .mergeKey, location: location,
            message: "merge keys (\"<<\") are not supported and this entry is ignored; write the keys "
                + "out in this mapping, or anchor the whole mapping (&name) and reuse it with an alias (*name)"
        )
    }
}
