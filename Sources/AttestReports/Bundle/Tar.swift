/// A deterministic POSIX ustar archive (IEEE Std 1003.1-2001, "pax interchange format" without
/// extended headers), written and read byte for byte as docs/bundles.md describes: regular files
/// only, mode 0644, owner 0/0, time 0, no user or group names, contents padded with zeros to
/// 512 bytes, two zero blocks at the end. The reader accepts only what the writer produces, so
/// that any changed byte of a header, a padding or the end is caught.
enum Tar {
    static let block = 512

    /// Appends one file.
    static func append(name: String, contents: [UInt8], to out: inout [UInt8]) {
        out += header(name: name, size: contents.count)
        out += contents
        let padding = (block - contents.count % block) % block
        out += [UInt8](repeating: 0, count: padding)
    }

    /// Appends the end-of-archive marker.
    static func finish(_ out: inout [UInt8]) {
        out += [UInt8](repeating: 0, count: 2 * block)
    }

    /// The canonical header of a file.
    static func header(name: String, size: Int) -> [UInt8] {
        var header = [UInt8](repeating: 0, count: block)
        func put(_ text: String, at offset: Int) {
            for (index, byte) in text.utf8.enumerated() { header[offset + index] = byte }
        }
        func octal(_ value: Int, width: Int) -> String {
            let digits = String(value, radix: 8)
            return String(repeating: "0", count: max(0, width - 1 - digits.count)) + digits
        }
        put(name, at: 0)
        put(octal(0o644, width: 8), at: 100)
        put(octal(0, width: 8), at: 108)
        put(octal(0, width: 8), at: 116)
        put(octal(size, width: 12), at: 124)
        put(octal(0, width: 12), at: 136)
        put("        ", at: 148)
        header[156] = UInt8(ascii: "0")
        put("ustar", at: 257)
        put("00", at: 263)
        let sum = header.reduce(0) { $0 + Int($1) }
        put(octal(sum, width: 7), at: 148)
        header[155] = 0x20
        return header
    }

    /// One file read back.
    struct File {
        var name: String
        var contents: [UInt8]
        var offset: Int
    }

    /// Reads an archive written by `append`/`finish`.
    /// - Throws: `ReportError` (`.malformedBundle`) naming the byte offset and the file.
    static func read(_ bytes: [UInt8]) throws -> [File] {
        var files: [File] = []
        var offset = 0
        func fail(_ message: String) -> ReportError { ReportError(.malformedBundle, "tar structure: \(message)") }
        while true {
            guard bytes.count - offset >= block else {
                throw fail("the archive ends at byte \(bytes.count) without its two zero end blocks")
            }
            let raw = Array(bytes[offset..<offset + block])
            if raw.allSatisfy({ $0 == 0 }) {
                guard bytes.count == offset + 2 * block, bytes[(offset + block)...].allSatisfy({ $0 == 0 }) else {
                    throw fail(
                        "bytes \(offset)-\(bytes.count - 1): after the first zero block the archive must end with exactly one more zero block"
                    )
                }
                return files
            }
            let nameEnd = raw[0..<100].firstIndex(of: 0) ?? 100
            guard let name = String(validating: raw[0..<nameEnd], as: UTF8.self) else {
                throw fail("header at byte \(offset): the file name is not UTF-8")
            }
            let sizeField = String(decoding: raw[124..<135], as: UTF8.self)
            guard let size = Int(sizeField, radix: 8), size >= 0 else {
                throw fail("header of '\(name)' at byte \(offset): the size field '\(sizeField)' is not octal")
            }
            guard header(name: name, size: size) == raw else {
                let index = zip(header(name: name, size: size), raw).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? 0
                throw fail(
                    "header of '\(name)' at byte \(offset): byte \(offset + index) differs from the canonical header (docs/bundles.md)")
            }
            let start = offset + block
            guard bytes.count - start >= size else {
                throw fail("'\(name)' at byte \(start) claims \(size) bytes but the archive ends at byte \(bytes.count)")
            }
            files.append(File(name: name, contents: Array(bytes[start..<start + size]), offset: start))
            let padded = (size + block - 1) / block * block
            guard bytes.count - start >= padded else { throw fail("'\(name)': the archive ends inside its padding") }
            if let bad = bytes[(start + size)..<(start + padded)].firstIndex(where: { $0 != 0 }) {
                throw fail("'\(name)': padding byte \(bad) is not zero")
            }
            offset = start + padded
        }
    }
}
