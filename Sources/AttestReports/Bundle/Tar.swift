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

    /// Reads a whole archive written by `append`/`finish` (see `TarStream` for the checks).
    /// - Throws: `ReportError` (`.malformedBundle`) naming the byte offset and the file.
    static func read(_ bytes: [UInt8]) throws -> [File] {
        var stream = TarStream(bytes: bytes)
        var files: [File] = []
        while let file = try stream.next() { files.append(file) }
        return files
    }
}
