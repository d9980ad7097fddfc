import Foundation

/// What authentication reads of a request, apart from Hummingbird's types (so the client's
/// tests and the server share it).
struct HTTPRequestParts: Sendable {
    /// The derived components.
    let target: MessageSignature.Target
    /// Header fields, lowercase names, values of repeated fields in order.
    let fields: [String: [String]]

    /// A field's value: repeated fields joined with `, ` (RFC 9421 section 2.1).
    func field(_ name: String) -> String? {
        fields[name].map { $0.joined(separator: ", ") }
    }
}
