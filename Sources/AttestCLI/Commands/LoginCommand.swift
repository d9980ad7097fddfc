import ArgumentParser
import AttestServer
import Foundation

struct LoginCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "login",
        abstract: "Print a one-time link that signs you in to the reviewer pages of 'attest serve'.",
        discussion: """
            Sends a request signed with your key (RFC 9421) and prints a link to open in a browser \
            within two minutes; the link works once, and sets a session cookie for eight hours. The \
            pages read the ledger as you; they change nothing, and the cookie is no key: every act \
            stays signed on your side with 'attest ... --server URL'. See docs/pages.md.
            """)

    @OptionGroup var identity: IdentityOptions
    @OptionGroup var remote: RemoteOptions
    @Flag(name: .long, help: "Print machine-readable JSON.") var json = false

    func run() throws {
        guard let url = remote.url else {
            throw CommandFailure.badInput("login needs --server URL (or ATTEST_SERVER)")
        }
        let client = try ServerClient(url: url, signer: try identity.signer())
        let (_, data) = try client.send("POST", "/v1/page-sessions")
        guard let grant = try? JSONDecoder().decode(PageSessionGrant.self, from: data),
            let link = URL(string: grant.link, relativeTo: client.base)?.absoluteURL
        else {
            throw CommandFailure("the server at \(url) answered the sign-in request with something unreadable", exitCode: AttestExit.system)
        }
        if json {
            try JSONOutput.print(
                ["actor": grant.actor, "link": link.absoluteString, "expiresInSeconds": grant.expiresInSeconds] as [String: Any])
        } else {
            Console.current.out(
                "Open this link within \(grant.expiresInSeconds) seconds to read the pages as \(grant.actor) (it works once):")
            Console.current.out(link.absoluteString)
        }
    }
}
