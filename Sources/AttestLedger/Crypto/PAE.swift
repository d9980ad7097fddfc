/// DSSE's pre-authentication encoding (<https://github.com/secure-systems-lab/dsse/blob/master/protocol.md>):
/// the bytes a DSSE signature signs.
///
/// `PAE(type, body) = "DSSEv1" SP LEN(type) SP type SP LEN(body) SP body`, where `SP` is one
/// space (0x20) and `LEN(s)` is the byte length of `s` in ASCII decimal without leading zeros.
public enum PAE {
    /// The encoding.
    /// - Parameters:
    ///   - payloadType: the payload type, e.g. `application/vnd.in-toto+json`.
    ///   - payload: the serialized body (not base64).
    /// - Returns: the bytes to sign or verify.
    public static func encode(payloadType: String, payload: [UInt8]) -> [UInt8] {
        let type = Array(payloadType.utf8)
        var out = Array("DSSEv1 \(type.count) ".utf8)
        out += type
        out += Array(" \(payload.count) ".utf8)
        out += payload
        return out
    }
}
