import ArgumentParser
import AttestLedger
import AttestRegistry
import AttestServer
import Foundation

struct ActorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "actor", abstract: "Manage actors: people and services with keys and roles (admin).",
        subcommands: [Add.self, Grant.self, Revoke.self, RotateKey.self, Deactivate.self, List.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "add", abstract: "Add an actor with its public key and roles.")
        @OptionGroup var options: LedgerOptions
        @OptionGroup var identity: IdentityOptions
        @OptionGroup var remote: RemoteOptions
        @Argument(help: "The actor's name (its key must carry the same name).") var name: String
        @Option(name: .long, help: "The actor's verifier key (name+keyid+base64) or a .pub file; default: the keystore's NAME.pub.")
        var publicKey: String?
        @Option(name: .long, help: "A role to grant (repeatable).") var role: [String] = []
        @Option(name: .long, help: "person or service.") var kind = "person"

        func run() throws {
            let key =
                try publicKey.map { try VerifierKeyArgument.parse($0, option: "--public-key") }
                ?? Keystore.fromEnvironment(Console.current.environment).publicKey(name: name)
            if let client = try remote.client(identity) {
                try RemoteActs.simple(client, .actorAdd) { act in
                    act.actor = name
                    act.key = key.description
                    act.kind = kind
                    act.roles = role
                }
            } else {
                try options.openRegistry().addActor(name, kind: kind, publicKey: key, roles: role, by: try identity.signer())
            }
            Console.current.out("Added \(kind) \(name) with roles \(role.isEmpty ? "(none)" : role.joined(separator: ", "))")
        }
    }

    struct Grant: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "grant", abstract: "Grant a role to an actor.")
        @OptionGroup var options: LedgerOptions
        @OptionGroup var identity: IdentityOptions
        @OptionGroup var remote: RemoteOptions
        @Argument var name: String
        @Argument var role: String

        func run() throws {
            if let client = try remote.client(identity) {
                try RemoteActs.simple(client, .roleGrant) { act in
                    act.actor = name
                    act.role = role
                }
            } else {
                try options.openRegistry().grantRole(role, to: name, by: try identity.signer())
            }
            Console.current.out("Granted \(role) to \(name)")
        }
    }

    struct Revoke: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "revoke", abstract: "Revoke a role from an actor (the last admin keeps admin).")
        @OptionGroup var options: LedgerOptions
        @OptionGroup var identity: IdentityOptions
        @OptionGroup var remote: RemoteOptions
        @Argument var name: String
        @Argument var role: String

        func run() throws {
            if let client = try remote.client(identity) {
                try RemoteActs.simple(client, .roleRevoke) { act in
                    act.actor = name
                    act.role = role
                }
            } else {
                try options.openRegistry().revokeRole(role, from: name, by: try identity.signer())
            }
            Console.current.out("Revoked \(role) from \(name)")
        }
    }

    struct RotateKey: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "rotate-key",
            abstract: "Replace the acting actor's key: a new key is generated in the keystore and the change is signed by both keys.",
            discussion: """
                The new key is sealed and synced as NAME.key.new before the ledger records the rotation; only then \
                does it replace NAME.key (the old files are kept as NAME.key.KEYID.old). A rotation killed halfway is \
                finished or undone by --recover (and by the next rotate-key), as the ledger's key entries decide.
                """)
        @OptionGroup var options: LedgerOptions
        @OptionGroup var identity: IdentityOptions
        @OptionGroup var remote: RemoteOptions
        @Option(name: .long, help: "Read the NEW key's passphrase from this file (default: $ATTEST_NEW_PASSPHRASE, or a prompt).")
        var newPassphraseFile: String?
        @Flag(name: .long, help: "Only finish or undo an interrupted rotation of the acting actor's key.")
        var recover = false

        func run() throws {
            let console = Console.current
            let name = try identity.actorName()
            let store = Keystore.fromEnvironment(console.environment)
            let lock = try store.lockRotation(name: name)
            defer { withExtendedLifetime(lock) {} }
            if let server = remote.url {
                // Which key a server trusts after an interrupted rotation can only be asked with
                // a key it trusts, and neither of the actor's is usable until it is settled: the
                // ledger's own key entries decide, in a clone read by another actor.
                guard store.pendingRotation(name: name) == nil else {
                    throw CommandFailure.refused(
                        "a rotation of \(name)'s key is pending (\(store.privateKeyURL(name).path).new): settle it against the served log's key entries with 'attest clone \(server) FILE --as ANOTHER_ACTOR', then 'attest actor rotate-key --recover --as \(name) --ledger FILE'"
                    )
                }
                if recover { return try report(nil, name: name, json: options.json) }
            }
            let registry = remote.url == nil ? try options.openRegistry() : nil
            let recovered = try registry.map { try store.recoverRotation(name: name, trusting: $0.ledger) } ?? nil
            if recover {
                return try report(recovered, name: name, json: options.json)
            }
            if recovered != nil { try report(recovered, name: name, json: false, toError: true) }
            let old = try identity.signer()
            let passphrase = try Passphrases.read(
                file: newPassphraseFile, environmentVariable: "ATTEST_NEW_PASSPHRASE", prompt: "New passphrase for the rotated key",
                confirm: true)
            let new = try Signer(name: old.name, key: .generate())
            // Made before the new key is staged: from then on the keystore refuses the old key.
            let client = try remote.url.map { try ServerClient(url: $0, signer: old) }
            // The new key is safe on disk before the ledger starts trusting it.
            try store.stageRotation(new, passphrase: passphrase)
            if let registry {
                do {
                    try registry.rotateKey(from: old, to: new)
                } catch {
                    _ = try? store.recoverRotation(name: old.name, trusting: registry.ledger)
                    throw error
                }
            } else if let client {
                try rotateThroughServer(client, old: old, new: new, store: store)
            }
            try store.completeRotation(name: old.name)
            if options.json {
                try JSONOutput.print([
                    "actor": old.name, "oldKey": old.verifierKey.description, "newKey": new.verifierKey.description,
                    "wrote": [store.privateKeyURL(old.name).path, store.publicKeyURL(old.name).path],
                ])
                return
            }
            console.out("Rotated \(old.name)'s key: \(old.verifierKey) -> \(new.verifierKey)")
            console.out(
                "Wrote \(store.privateKeyURL(old.name).path) (the old key is kept as .\(old.verifierKey.keyID.map { String(format: "%02x", $0) }.joined()).old)"
            )
        }

        /// The act `key.rotate`: the new key stays here, the server gets its proof of possession.
        /// When the server answers with a refusal or bad input nothing was recorded and the staged
        /// key is dropped; when no answer came (exit 3) the rotation may have been recorded, so
        /// the staged key stays for `--recover` to settle against a clone of the served log.
        private func rotateThroughServer(_ client: ServerClient, old: Signer, new: Signer, store: Keystore) throws {
            var request = ActRequest(act: .keyRotate)
            request.key = new.verifierKey.description
            request.newKeySignature = Data(
                new.key.signature(for: KeyRotatedPayload.possessionMessage(old: old.verifierKey, new: new.verifierKey))
            ).base64EncodedString()
            do {
                _ = try client.act(request)
            } catch let failure as CommandFailure where failure.exitCode != AttestExit.system {
                try? store.discardRotation(name: old.name)
                throw failure
            } catch {
                Console.current.err(
                    "attest: warning: the server's answer did not arrive, so the rotation may or may not be recorded; the new key is kept staged: settle it with 'attest clone \(client.base.absoluteString) FILE --as ANOTHER_ACTOR', then 'attest actor rotate-key --recover --as \(old.name) --ledger FILE'"
                )
                throw error
            }
        }

        private func report(_ recovered: Keystore.RotationRecovery?, name: String, json: Bool, toError: Bool = false) throws {
            let text: String
            switch recovered {
            case nil: text = "No interrupted rotation of \(name)'s key."
            case .completed(let key):
                text = "Finished an interrupted rotation of \(name)'s key: the ledger trusts \(key), now in the keystore."
            case .discarded: text = "Undid an interrupted rotation of \(name)'s key: the ledger never recorded it; the old key stays."
            }
            if json {
                let outcome: String
                switch recovered {
                case nil: outcome = "none"
                case .completed: outcome = "completed"
                case .discarded: outcome = "discarded"
                }
                return try JSONOutput.print(["actor": name, "recovery": outcome, "message": text])
            }
            if toError { Console.current.err(text) } else { Console.current.out(text) }
        }
    }

    struct Deactivate: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "deactivate", abstract: "Deactivate an actor: its keys are revoked and its roles removed.")
        @OptionGroup var options: LedgerOptions
        @OptionGroup var identity: IdentityOptions
        @OptionGroup var remote: RemoteOptions
        @Argument var name: String
        @Option(name: .long, help: "Why.") var reason: String

        func run() throws {
            if let client = try remote.client(identity) {
                try RemoteActs.simple(client, .actorDeactivate) { act in
                    act.actor = name
                    act.reason = reason
                }
            } else {
                try options.openRegistry().deactivateActor(name, reason: reason, by: try identity.signer())
            }
            Console.current.out("Deactivated \(name)")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List actors with their roles and keys.")
        @OptionGroup var options: LedgerOptions
        @OptionGroup var identity: IdentityOptions
        @OptionGroup var remote: RemoteOptions

        func run() throws {
            let snapshot = try remote.snapshot(identity)  // --server: a private copy of the served ledger
            defer { snapshot?.remove() }
            let registry = try snapshot.map { try Registry.open(at: $0.path, readOnly: true) } ?? options.openRegistry(readOnly: true)
            let actors = try registry.actors()
            if options.json { return try JSONOutput.print(actors) }
            for actor in actors {
                Console.current.out(
                    "\(actor.name.leftPad(14, right: true)) \(actor.kind.leftPad(8, right: true)) \(actor.active ? "active  " : "inactive") \(actor.roles.joined(separator: ","))"
                )
            }
        }
    }
}

struct RoleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "role", abstract: "The role catalogue: roles are data and can be extended (admin).",
        subcommands: [Add.self, List.self], defaultSubcommand: List.self)

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "add", abstract: "Define a new role.")
        @OptionGroup var options: LedgerOptions
        @OptionGroup var identity: IdentityOptions
        @OptionGroup var remote: RemoteOptions
        @Argument var role: String
        @Option(name: .long) var description: String

        func run() throws {
            if let client = try remote.client(identity) {
                try RemoteActs.simple(client, .roleDefine) { act in
                    act.role = role
                    act.description = description
                }
            } else {
                try options.openRegistry().defineRole(role, description: description, by: try identity.signer())
            }
            Console.current.out("Defined role \(role)")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List roles.")
        @OptionGroup var options: LedgerOptions
        @OptionGroup var identity: IdentityOptions
        @OptionGroup var remote: RemoteOptions

        func run() throws {
            let snapshot = try remote.snapshot(identity)  // --server: a private copy of the served ledger
            defer { snapshot?.remove() }
            let registry = try snapshot.map { try Registry.open(at: $0.path, readOnly: true) } ?? options.openRegistry(readOnly: true)
            let roles = try registry.roleCatalogue()
            if options.json { return try JSONOutput.print(roles) }
            for role in roles { Console.current.out("\(role.role.leftPad(16, right: true)) \(TerminalText.escapeField(role.description))") }
        }
    }
}
