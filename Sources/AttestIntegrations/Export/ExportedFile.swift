/// One file of an in-toto export folder: its name inside the folder and its bytes.
public struct ExportedFile: Sendable, Equatable {
    /// The file name (no folders).
    public let name: String
    /// The contents.
    public let bytes: [UInt8]

    /// Makes a file.
    public init(name: String, bytes: [UInt8]) {
        self.name = name
        self.bytes = bytes
    }
}
