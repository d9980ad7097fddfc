import AttestLedger
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A log's state file (`attest.dev/witness-state@v2`): two fixed slots, each able to hold the
/// largest checkpoint note, overwritten in place by turns.
///
/// Each slot starts with one line, `attest.dev/witness-state@v2 <sequence> <length> <sha256>`,
/// then `length` bytes of the note; the SHA-256 (lowercase hex) covers
/// `"<sequence> <length>\n"` followed by the note. A save writes the slot that does not hold the
/// current state and `fdatasync`s the file: one flush of data already allocated, no rename and
/// no folder sync, so the saves of many logs proceed together. A write torn by a crash leaves
/// that slot failing its digest and the other slot intact; loading takes the intact slot with
/// the highest sequence. The state is new only once the flush returns, and the witness answers
/// only then, so a torn write never loses a cosignature that was answered.
///
/// The first save of a log (or of a log kept in the older one-note `@v1` file) lays out the
/// whole file and replaces it durably (temporary file, fsync, rename, folder fsync).
enum StateSlots {
    static let header = "attest.dev/witness-state@v2"
    static let legacyHeader = "attest.dev/witness-state@v1"
    /// Room for one slot's header line and the largest note a request can carry.
    static let slotSize = 80 * 1024

    /// One slot's contents.
    struct Slot: Equatable {
        /// Increases by one with every save.
        let sequence: UInt64
        /// The checkpoint note, with the log's signatures and the witness's cosignature.
        let note: String
    }

    /// The bytes of a slot holding `note` at `sequence`.
    static func encode(_ slot: Slot) throws -> [UInt8] {
        let note = Array(slot.note.utf8)
        let covered = Array("\(slot.sequence) \(note.count)\n".utf8) + note
        let bytes = Array("\(header) \(slot.sequence) \(note.count) \(SHA256.hash(covered).hex)\n".utf8) + note
        guard bytes.count <= slotSize else {
            throw WitnessError(.storage, "a checkpoint note of \(note.count) bytes does not fit a state slot of \(slotSize) bytes")
        }
        return bytes
    }

    /// The intact slot with the highest sequence in a v2 file.
    /// - Returns: `nil` when neither slot is intact (never written, or both torn).
    static func newest(in data: [UInt8]) -> Slot? {
        (0..<2).compactMap { index -> Slot? in
            let start = index * slotSize
            guard data.count > start else { return nil }
            return decode(data[start..<min(data.count, start + slotSize)])
        }.max { $0.sequence < $1.sequence }
    }

    private static func decode(_ bytes: ArraySlice<UInt8>) -> Slot? {
        guard let newline = bytes.firstIndex(of: 10) else { return nil }
        let fields = String(decoding: bytes[bytes.startIndex..<newline], as: UTF8.self).split(
            separator: " ", omittingEmptySubsequences: false)
        guard fields.count == 4, fields[0] == header, let sequence = UInt64(fields[1]), let length = Int(fields[2]),
            length >= 0, bytes.endIndex - (newline + 1) >= length
        else { return nil }
        let note = Array(bytes[(newline + 1)..<(newline + 1 + length)])
        let covered = Array("\(sequence) \(length)\n".utf8) + note
        guard SHA256.hash(covered).hex == fields[3] else { return nil }
        return Slot(sequence: sequence, note: String(decoding: note, as: UTF8.self))
    }

    /// A whole new file with `slot` in its first slot and the second empty.
    static func freshFile(_ slot: Slot) throws -> [UInt8] {
        var bytes = try encode(slot)
        bytes += [UInt8](repeating: 0, count: 2 * slotSize - bytes.count)
        return bytes
    }

    /// Overwrites the slot for `slot.sequence` (slot `sequence % 2`) in place and flushes it.
    /// - Throws: `WitnessError` (`.storage`) naming the file and the system error.
    static func overwrite(_ slot: Slot, in url: URL) throws {
        let bytes = try encode(slot)
        let fd = open(url.path, O_WRONLY | O_CLOEXEC)
        guard fd >= 0 else { throw failure("cannot open", url.path) }
        defer { close(fd) }
        let offset = off_t(Int(slot.sequence % 2) * slotSize)
        var written = 0
        while written < bytes.count {
            let count = bytes.withUnsafeBytes { pwrite(fd, $0.baseAddress! + written, $0.count - written, offset + off_t(written)) }
            if count < 0 {
                if errno == EINTR { continue }
                throw failure("cannot write", url.path)
            }
            written += count
        }
        guard flushData(fd) == 0 else { throw failure("cannot flush", url.path) }
    }

    private static func flushData(_ fd: Int32) -> Int32 {
        #if canImport(Glibc)
            fdatasync(fd)
        #else
            fsync(fd)
        #endif
    }

    private static func failure(_ what: String, _ path: String) -> WitnessError {
        WitnessError(.storage, "\(path): \(what) (\(String(cString: strerror(errno))))")
    }
}
