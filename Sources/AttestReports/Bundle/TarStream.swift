import Foundation

/// Reads a canonical archive (see `Tar`) member by member from a source of bytes, holding one
/// member at a time: a bundle is verified in memory bounded by its largest member, not by its
/// size (docs/bundles.md, "Limits").
struct TarStream {
    /// Reads up to `count` bytes; fewer only at the end of the input.
    typealias Source = (_ count: Int) throws -> [UInt8]

    private let source: Source
    /// The largest member accepted.
    let maximumMemberBytes: Int
    /// Bytes consumed so far.
    private(set) var offset = 0
    private var finished = false

    /// Makes a stream over `source`.
    init(maximumMemberBytes: Int, source: @escaping Source) {
        self.maximumMemberBytes = maximumMemberBytes
        self.source = source
    }

    /// A stream over bytes in memory.
    init(bytes: [UInt8], maximumMemberBytes: Int = .max) {
        var position = 0
        self.init(maximumMemberBytes: maximumMemberBytes) { count in
            let end = min(bytes.count, position + count)
            defer { position = end }
            return Array(bytes[position..<end])
        }
    }

    /// A stream over a file, read in the caller's order with no buffering beyond one member.
    /// - Throws: `ReportError` (`.io`) naming the file when a read fails.
    init(handle: FileHandle, path: String, maximumMemberBytes: Int) {
        self.init(maximumMemberBytes: maximumMemberBytes) { count in
            var out: [UInt8] = []
            out.reserveCapacity(count)
            while out.count < count {
                let chunk: Data?
                do { chunk = try handle.read(upToCount: min(count - out.count, 1 << 20)) } catch {
                    throw ReportError(.io, "\(path): cannot read the bundle: \(error.localizedDescription)")
                }
                guard let chunk, !chunk.isEmpty else { break }
                out.append(contentsOf: chunk)
            }
            return out
        }
    }

    private mutating func read(_ count: Int) throws -> [UInt8] {
        let bytes = try source(count)
        offset += bytes.count
        return bytes
    }

    private func fail(_ message: String) -> ReportError { ReportError(.malformedBundle, "tar structure: \(message)") }

    /// The next member, or `nil` after the end blocks (which must end the input exactly).
    /// - Throws: `ReportError` (`.malformedBundle`) naming the byte offset and the member.
    mutating func next() throws -> Tar.File? {
        guard !finished else { return nil }
        let start = offset
        let raw = try read(Tar.block)
        guard raw.count == Tar.block else {
            throw fail("the archive ends at byte \(offset) without its two zero end blocks")
        }
        if raw.allSatisfy({ $0 == 0 }) {
            let second = try read(Tar.block)
            let extra = try read(1)
            guard second.count == Tar.block, second.allSatisfy({ $0 == 0 }), extra.isEmpty else {
                throw fail(
                    "bytes \(start)-\(offset - 1)\(extra.isEmpty ? "" : "…"): after the first zero block the archive must end with exactly one more zero block"
                )
            }
            finished = true
            return nil
        }
        let nameEnd = raw[0..<100].firstIndex(of: 0) ?? 100
        guard let name = String(validating: raw[0..<nameEnd], as: UTF8.self) else {
            throw fail("header at byte \(start): the file name is not UTF-8")
        }
        let sizeField = String(decoding: raw[124..<135], as: UTF8.self)
        guard let size = Int(sizeField, radix: 8), size >= 0 else {
            throw fail("header of '\(name)' at byte \(start): the size field '\(sizeField)' is not octal")
        }
        let canonical = Tar.header(name: name, size: size)
        guard canonical == raw else {
            let index = zip(canonical, raw).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? 0
            throw fail("header of '\(name)' at byte \(start): byte \(start + index) differs from the canonical header (docs/bundles.md)")
        }
        guard size <= maximumMemberBytes else {
            throw fail(
                "'\(name)' at byte \(start) claims \(size) bytes; a bundle member holds at most \(maximumMemberBytes) bytes (docs/bundles.md, \"Limits\")"
            )
        }
        let contentStart = offset
        let contents = try read(size)
        guard contents.count == size else {
            throw fail("'\(name)' at byte \(contentStart) claims \(size) bytes but the archive ends at byte \(offset)")
        }
        let padding = (Tar.block - size % Tar.block) % Tar.block
        let pad = try read(padding)
        guard pad.count == padding else { throw fail("'\(name)': the archive ends inside its padding") }
        if let bad = pad.firstIndex(where: { $0 != 0 }) {
            throw fail("'\(name)': padding byte \(contentStart + size + bad) is not zero")
        }
        return Tar.File(name: name, contents: contents, offset: contentStart)
    }
}
