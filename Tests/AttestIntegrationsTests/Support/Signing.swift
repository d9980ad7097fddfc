import Foundation

/// Keys, certificates and OMS signatures made with the real tools: `openssl` and the
/// `model_signing` command of the pinned model-signing package.
extension Sandbox {
    /// An EC private key (`prime256v1`, `secp384r1`, `secp256k1`) and its public PEM.
    func makeKey(_ name: String, curve: String = "prime256v1") throws {
        try Tools.require(try shell("openssl", ["ecparam", "-name", curve, "-genkey", "-noout", "-out", "\(name).key"]), "openssl ecparam")
        try Tools.require(try shell("openssl", ["ec", "-in", "\(name).key", "-pubout", "-out", "\(name).pub"]), "openssl ec")
    }

    /// A self-signed root CA (P-384) `name.pem` with key `name.key`, subject `/CN=name/O=Attest Tests` by default.
    func makeRoot(_ name: String, subject: String? = nil) throws {
        try makeKey(name, curve: "secp384r1")
        try Tools.require(
            try shell(
                "openssl",
                [
                    "req", "-x509", "-new", "-key", "\(name).key", "-subj", subject ?? "/CN=\(name)/O=Attest Tests", "-days", "30", "-out",
                    "\(name).pem",
                    "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign",
                ]), "openssl req -x509")
    }

    /// A signing certificate `name.pem` (P-256, key `name.key`) issued by `root`.
    func makeLeaf(_ name: String, subject: String, root: String) throws {
        try makeKey(name)
        try write("\(name).ext", "basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=codeSigning\n")
        try Tools.require(
            try shell("openssl", ["req", "-new", "-key", "\(name).key", "-subj", subject, "-out", "\(name).csr"]), "openssl req")
        try Tools.require(
            try shell(
                "openssl",
                [
                    "x509", "-req", "-in", "\(name).csr", "-CA", "\(root).pem", "-CAkey", "\(root).key", "-CAcreateserial", "-days", "10",
                    "-extfile", "\(name).ext", "-out", "\(name).pem",
                ]), "openssl x509 -req")
    }

    /// Signs a folder with a key: `model_signing sign key`.
    func signWithKey(_ folder: String, key: String, signature: String) throws {
        try Tools.require(
            try modelSigning(["sign", "key", folder, "--private_key", "\(key).key", "--signature", signature]),
            "model_signing sign key")
    }

    /// Signs a folder with a certificate: `model_signing sign certificate`, the chain being the root.
    func signWithCertificate(_ folder: String, leaf: String, root: String, signature: String) throws {
        try Tools.require(
            try modelSigning([
                "sign", "certificate", folder, "--private_key", "\(leaf).key", "--signing_certificate", "\(leaf).pem",
                "--certificate_chain", "\(root).pem", "--signature", signature,
            ]), "model_signing sign certificate")
    }

    /// `evidence attach scorer V --kind model_signature` with a key or a root.
    func attach(
        version: Int, signature: String, folder: String, publicKey: String? = nil, root: String? = nil, as actor: String = "dana"
    )
        -> Result
    {
        var arguments = [
            "evidence", "attach", "scorer", String(version), "--kind", "model_signature", "--file", signature, "--artifact", folder,
        ]
        if let publicKey { arguments += ["--public-key", publicKey] }
        if let root { arguments += ["--root", root] }
        return run(arguments + ["--as", actor])
    }
}
