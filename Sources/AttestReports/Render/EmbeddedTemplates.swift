// Generated from reports/ by EmbeddedTemplatesTests (ATTEST_UPDATE_EMBEDDED=1); do not edit by hand.

/// The compiled-in copy of the `reports/` folder, used for any file a templates folder lacks.
enum EmbeddedTemplates {
    static let files: [String: String] = [
        "inventory.html.mustache": ####"""
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <title>Model inventory: {{ledger.origin}}</title>
        <style>
          @page { size: A4 landscape; margin: 14mm 14mm 16mm;
            @bottom-left { content: "Model inventory"; font: 7pt "DejaVu Sans", Arial, sans-serif; color: #5b6470; }
            @bottom-right { content: "Page " counter(page) " of " counter(pages); font: 7pt "DejaVu Sans", Arial, sans-serif; color: #5b6470; } }
          body { font: 10pt/1.45 "DejaVu Sans", Arial, sans-serif; color: #1b1f24; margin: 0; padding: 12px 24px; }
          @media print { body { padding: 0; } }
          h1 { font-size: 17pt; margin: 0 0 2mm; } h2 { font-size: 12pt; margin: 6mm 0 2mm; border-bottom: 2px solid #1b1f24; }
          table { border-collapse: collapse; width: 100%; font-size: 8.5pt; margin-bottom: 3mm; }
          th, td { border: 1px solid #d5d9de; padding: 1mm 1.5mm; text-align: left; vertical-align: top; overflow-wrap: anywhere; }
          th { background: #f3f5f7; } tr { break-inside: avoid; } thead { display: table-header-group; }
          .muted { color: #5b6470; } .ok { color: #1a7f37; } .bad { color: #b42318; font-weight: bold; } .warn { color: #9a6700; font-weight: bold; }
          .mono { font-family: "DejaVu Sans Mono", monospace; }
        </style>
        </head>
        <body>
        <h1>Model inventory</h1>
        <p class="muted">Ledger <span class="mono">{{ledger.origin}}</span> ({{ledger.size}} entries) · generated {{generatedAt}} by {{generator}} · schema {{schema}} · templates <span class="mono">{{templatesText}}</span></p>
        <p>{{totals.models}} models · {{totals.versions}} versions · {{totals.inProduction}} in production · <span class="warn">{{totals.pendingReviews}} reviews pending</span> · <span class="bad">{{totals.overdueReviews}} overdue</span> · {{totals.serving}} serving, <span class="bad">{{totals.unbackedServing}} not backed</span> · <span class="bad">{{totals.openRejections}} open rejections</span> · <span class="warn">{{totals.staleApprovals}} stale approvals</span> <span class="muted">(review limit {{reviewDays}} days; production revalidation every {{revalidationDays}} days; review times: {{reviewTimes}})</span></p>
        <table>
        <thead><tr><th>Model</th><th>Risk tier</th><th>Owner</th><th>Purpose</th><th>Last evaluation</th><th>Last approval</th><th>Pending</th><th>Overdue</th><th>Next review</th><th>Open rejections</th><th>Scoping (SR 26-2; EU AI Act)</th></tr></thead>
        {{#models}}<tr><td class="mono">{{name}}</td><td>{{riskTier}}</td><td>{{owner}}</td><td>{{purpose}}</td><td>{{lastEvaluation}}</td><td>{{lastApproval}}</td><td>{{pendingReviews}}</td><td>{{overdueReviews}}</td><td>{{nextReview}}</td><td>{{openRejections}}</td><td>{{#scoping}}<span class="{{^inSR262Scope}}warn{{/inSR262Scope}}">{{text}}</span> <span class="muted">(entry {{entry}}, {{actor}}: {{rationale}})</span>{{/scoping}}{{^scoping}}<span class="warn">not recorded</span>{{/scoping}}</td></tr>{{/models}}
        </table>
        {{#models}}
        <h2>{{name}}</h2>
        <table>
        <thead><tr><th>Version</th><th>Stage</th><th>Since</th><th>Status</th><th>Last evaluation</th><th>Last approval</th><th>Review</th><th>Next review</th><th>Open rejections</th><th>Stale approvals</th></tr></thead>
        {{#versions}}<tr><td>v{{version}}</td><td>{{stage}}</td><td>{{stageSince}}</td><td>{{status}}</td><td>{{lastEvaluation}}</td><td>{{lastApproval}}</td><td class="{{reviewClass}}">{{review}}{{#reviewDetail}}: {{reviewDetail}}{{/reviewDetail}}</td><td>{{nextReview}}</td><td>{{#openRejections}}<span class="bad">{{actor}}</span> for {{stage}} (entry {{entry}}{{#comment}}: {{comment}}{{/comment}})<br>{{/openRejections}}</td><td>{{#staleApprovals}}<span class="warn">{{actor}}</span> for {{stage}} (entry {{entry}})<br>{{/staleApprovals}}</td></tr>{{/versions}}
        </table>
        {{#hasServing}}
        <table>
        <thead><tr><th>Version</th><th>Serving</th><th>Stage</th><th>Requires</th><th>Entry</th><th>Backed</th></tr></thead>
        {{#servingRows}}<tr><td>v{{version}}</td><td class="mono">{{what}}</td><td>{{stage}}</td><td>{{required}}</td><td>{{entry}}</td><td class="{{servingClass}}">{{backing}}</td></tr>{{/servingRows}}
        </table>
        {{/hasServing}}
        {{/models}}
        </body>
        </html>

        """####,
        "inventory.md.mustache": ####"""
        {{% CONTENT_TYPE: MARKDOWN}}
        # Model inventory

        Ledger `{{ledger.origin}}` ({{ledger.size}} entries) · generated {{generatedAt}} by {{generator}} · schema {{schema}} · templates {{templatesText}}

        {{totals.models}} models · {{totals.versions}} versions · {{totals.inProduction}} in production · {{totals.pendingReviews}} reviews pending · {{totals.overdueReviews}} overdue · {{totals.serving}} serving, {{totals.unbackedServing}} not backed · {{totals.openRejections}} open rejections · {{totals.staleApprovals}} stale approvals (review limit {{reviewDays}} days; production revalidation every {{revalidationDays}} days; review times: {{reviewTimes}})

        | Model | Risk tier | Owner | Purpose | Last evaluation | Last approval | Pending | Overdue | Next review | Open rejections | Scoping (SR 26-2; EU AI Act) |
        | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |
        {{#models}}
        | {{name}} | {{riskTier}} | {{owner}} | {{purpose}} | {{lastEvaluation}} | {{lastApproval}} | {{pendingReviews}} | {{overdueReviews}} | {{nextReview}} | {{openRejections}} | {{#scoping}}{{text}} (entry {{entry}}, {{actor}}: {{rationale}}){{/scoping}}{{^scoping}}not recorded{{/scoping}} |
        {{/models}}

        {{#models}}
        ## {{name}}

        | Version | Stage | Since | Status | Last evaluation | Last approval | Review | Next review | Open rejections | Stale approvals |
        | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |
        {{#versions}}
        | v{{version}} | {{stage}} | {{stageSince}} | {{status}} | {{lastEvaluation}} | {{lastApproval}} | **{{review}}**{{#reviewDetail}}: {{reviewDetail}}{{/reviewDetail}} | {{nextReview}} | {{#openRejections}}**{{actor}}** for {{stage}} (entry {{entry}}{{#comment}}: {{comment}}{{/comment}}) {{/openRejections}} | {{#staleApprovals}}{{actor}} for {{stage}} (entry {{entry}}) {{/staleApprovals}} |
        {{/versions}}

        {{#hasServing}}
        | Version | Serving | Stage | Requires | Entry | Backed |
        | --- | --- | --- | --- | --- | --- |
        {{#servingRows}}
        | v{{version}} | {{^backed}}**{{/backed}}{{what}}{{^backed}}**{{/backed}} | {{stage}} | {{required}} | {{entry}} | {{^backed}}**{{/backed}}{{backing}}{{^backed}}**{{/backed}} |
        {{/servingRows}}
        {{/hasServing}}

        {{/models}}

        """####,
        "regulatory-mapping.json": ####"""
        {
          "schema": "attest.dev/regulatory-mapping@v1",
          "evidence": {
            "log.signed_entries": "entries signed by their actors, verified",
            "log.checkpoint": "a signed checkpoint of the log",
            "log.inclusion_proofs": "inclusion proofs of every cited entry",
            "model.inventory": "the model's record: owner, purpose, risk tier, versions",
            "model.scoping": "the model's scoping, signed by its owner: whether it is a model and why, generative or agentic, EU AI Act risk class",
            "roles.recorded": "actors' roles at the time of each entry",
            "lineage.artifacts": "artifacts by digest",
            "lineage.datasets": "datasets by role and digest",
            "lineage.code": "code repository and commit",
            "evaluations.performance": "evaluations computed from data",
            "evaluations.fairness": "per-group metrics and disparities",
            "monitoring.drift": "drift monitoring results",
            "reviews.approvals": "signed approvals",
            "reviews.independent": "approvals by someone other than the developer",
            "decisions.recorded": "recorded promotion decisions",
            "decisions.rule_by_rule": "rule-by-rule decision outcomes",
            "policies.published": "published policy sets",
            "evidence.documents": "attached evidence documents",
            "evidence.model_card": "a model card",
            "refusals.logged": "refused actions and denials",
            "overrides.justified": "justified overrides"
          },
          "frameworks": [
            {
              "id": "eu-ai-act",
              "name": "EU AI Act (Regulation (EU) 2024/1689)",
              "short": "EU AI Act",
              "from": "2024-08-01",
              "note": "Obligations for high-risk AI systems. Annex IV lists the technical documentation of Article 11. In force from 1 August 2024; the high-risk obligations cited here apply from the date each names.",
              "requirements": [
                {"ref": "Art. 12(1)", "title": "Record-keeping: automatic recording of events (logs) over the system's lifetime", "evidence": ["log.signed_entries", "log.checkpoint", "log.inclusion_proofs"], "mode": "all", "from": "2027-12-02", "dateNote": "The Digital Omnibus on AI (adopted by the European Parliament on 16 June 2026 and the Council on 29 June 2026) moved the high-risk obligations from 2 August 2026 (Art. 113 of Regulation (EU) 2024/1689 as first enacted) to 2 December 2027 for Annex III systems (credit scoring is Annex III 5(b)) and to 2 August 2028 for AI in Annex I products; read 2028-08-02 for those. Its publication in the Official Journal was expected in July 2026 and is not confirmed in this file: check its EUR-Lex reference before relying on the date."},
                {"ref": "Art. 12(2)", "title": "Logs enable traceability: situations presenting a risk, post-market monitoring, monitoring of operation", "evidence": ["log.signed_entries", "monitoring.drift"], "mode": "all", "from": "2027-12-02", "dateNote": "The Digital Omnibus on AI (adopted by the European Parliament on 16 June 2026 and the Council on 29 June 2026) moved the high-risk obligations from 2 August 2026 (Art. 113 of Regulation (EU) 2024/1689 as first enacted) to 2 December 2027 for Annex III systems (credit scoring is Annex III 5(b)) and to 2 August 2028 for AI in Annex I products; read 2028-08-02 for those. Its publication in the Official Journal was expected in July 2026 and is not confirmed in this file: check its EUR-Lex reference before relying on the date."},
                {"ref": "Art. 14(1), 14(4)", "title": "Human oversight: natural persons oversee, decide not to use, or override the system's output", "evidence": ["reviews.approvals", "decisions.recorded", "roles.recorded"], "mode": "all", "from": "2027-12-02", "dateNote": "The Digital Omnibus on AI (adopted by the European Parliament on 16 June 2026 and the Council on 29 June 2026) moved the high-risk obligations from 2 August 2026 (Art. 113 of Regulation (EU) 2024/1689 as first enacted) to 2 December 2027 for Annex III systems (credit scoring is Annex III 5(b)) and to 2 August 2028 for AI in Annex I products; read 2028-08-02 for those. Its publication in the Official Journal was expected in July 2026 and is not confirmed in this file: check its EUR-Lex reference before relying on the date."},
                {"ref": "Annex IV 1", "title": "General description: intended purpose, provider, versions", "evidence": ["model.inventory"], "mode": "all", "from": "2027-12-02", "dateNote": "The Digital Omnibus on AI (adopted by the European Parliament on 16 June 2026 and the Council on 29 June 2026) moved the high-risk obligations from 2 August 2026 (Art. 113 of Regulation (EU) 2024/1689 as first enacted) to 2 December 2027 for Annex III systems (credit scoring is Annex III 5(b)) and to 2 August 2028 for AI in Annex I products; read 2028-08-02 for those. Its publication in the Official Journal was expected in July 2026 and is not confirmed in this file: check its EUR-Lex reference before relying on the date."},
                {"ref": "Annex IV 2(d)", "title": "Data requirements: training, validation and testing data sets and their provenance", "evidence": ["lineage.datasets"], "mode": "all", "from": "2027-12-02", "dateNote": "The Digital Omnibus on AI (adopted by the European Parliament on 16 June 2026 and the Council on 29 June 2026) moved the high-risk obligations from 2 August 2026 (Art. 113 of Regulation (EU) 2024/1689 as first enacted) to 2 December 2027 for Annex III systems (credit scoring is Annex III 5(b)) and to 2 August 2028 for AI in Annex I products; read 2028-08-02 for those. Its publication in the Official Journal was expected in July 2026 and is not confirmed in this file: check its EUR-Lex reference before relying on the date."},
                {"ref": "Annex IV 2(e)", "title": "Assessment of the human oversight measures (Art. 14)", "evidence": ["policies.published", "reviews.approvals"], "mode": "all", "from": "2027-12-02", "dateNote": "The Digital Omnibus on AI (adopted by the European Parliament on 16 June 2026 and the Council on 29 June 2026) moved the high-risk obligations from 2 August 2026 (Art. 113 of Regulation (EU) 2024/1689 as first enacted) to 2 December 2027 for Annex III systems (credit scoring is Annex III 5(b)) and to 2 August 2028 for AI in Annex I products; read 2028-08-02 for those. Its publication in the Official Journal was expected in July 2026 and is not confirmed in this file: check its EUR-Lex reference before relying on the date."},
                {"ref": "Annex IV 2(g)", "title": "Validation and testing: data used, metrics (accuracy, discriminatory impacts), test logs and reports dated and signed by the responsible persons", "evidence": ["evaluations.performance", "evaluations.fairness", "log.signed_entries"], "mode": "all", "from": "2027-12-02", "dateNote": "The Digital Omnibus on AI (adopted by the European Parliament on 16 June 2026 and the Council on 29 June 2026) moved the high-risk obligations from 2 August 2026 (Art. 113 of Regulation (EU) 2024/1689 as first enacted) to 2 December 2027 for Annex III systems (credit scoring is Annex III 5(b)) and to 2 August 2028 for AI in Annex I products; read 2028-08-02 for those. Its publication in the Official Journal was expected in July 2026 and is not confirmed in this file: check its EUR-Lex reference before relying on the date."},
                {"ref": "Annex IV 3", "title": "Monitoring, functioning and control: accuracy for specific persons or groups", "evidence": ["evaluations.fairness"], "mode": "all", "from": "2027-12-02", "dateNote": "The Digital Omnibus on AI (adopted by the European Parliament on 16 June 2026 and the Council on 29 June 2026) moved the high-risk obligations from 2 August 2026 (Art. 113 of Regulation (EU) 2024/1689 as first enacted) to 2 December 2027 for Annex III systems (credit scoring is Annex III 5(b)) and to 2 August 2028 for AI in Annex I products; read 2028-08-02 for those. Its publication in the Official Journal was expected in July 2026 and is not confirmed in this file: check its EUR-Lex reference before relying on the date."},
                {"ref": "Annex IV 4", "title": "Appropriateness of the performance metrics", "evidence": ["evaluations.performance", "decisions.rule_by_rule"], "mode": "any", "from": "2027-12-02", "dateNote": "The Digital Omnibus on AI (adopted by the European Parliament on 16 June 2026 and the Council on 29 June 2026) moved the high-risk obligations from 2 August 2026 (Art. 113 of Regulation (EU) 2024/1689 as first enacted) to 2 December 2027 for Annex III systems (credit scoring is Annex III 5(b)) and to 2 August 2028 for AI in Annex I products; read 2028-08-02 for those. Its publication in the Official Journal was expected in July 2026 and is not confirmed in this file: check its EUR-Lex reference before relying on the date."},
                {"ref": "Annex IV 6", "title": "Relevant changes made through the lifecycle", "evidence": ["lineage.artifacts", "log.signed_entries"], "mode": "all", "from": "2027-12-02", "dateNote": "The Digital Omnibus on AI (adopted by the European Parliament on 16 June 2026 and the Council on 29 June 2026) moved the high-risk obligations from 2 August 2026 (Art. 113 of Regulation (EU) 2024/1689 as first enacted) to 2 December 2027 for Annex III systems (credit scoring is Annex III 5(b)) and to 2 August 2028 for AI in Annex I products; read 2028-08-02 for those. Its publication in the Official Journal was expected in July 2026 and is not confirmed in this file: check its EUR-Lex reference before relying on the date."},
                {"ref": "Annex IV 9", "title": "Post-market monitoring system (Art. 72)", "evidence": ["monitoring.drift"], "mode": "all", "from": "2027-12-02", "dateNote": "The Digital Omnibus on AI (adopted by the European Parliament on 16 June 2026 and the Council on 29 June 2026) moved the high-risk obligations from 2 August 2026 (Art. 113 of Regulation (EU) 2024/1689 as first enacted) to 2 December 2027 for Annex III systems (credit scoring is Annex III 5(b)) and to 2 August 2028 for AI in Annex I products; read 2028-08-02 for those. Its publication in the Official Journal was expected in July 2026 and is not confirmed in this file: check its EUR-Lex reference before relying on the date."}
              ]
            },
            {
              "id": "sr-11-7",
              "name": "SR 11-7: Supervisory Guidance on Model Risk Management (Federal Reserve, with OCC Bulletin 2011-12)",
              "short": "SR 11-7",
              "from": "2011-04-04",
              "until": "2026-04-16",
              "note": "Superseded on 17 April 2026 by SR 26-2 (Revised Guidance on Model Risk Management); cited for decisions made until 16 April 2026.",
              "requirements": [
                {"ref": "SR 11-7 VI (inventory)", "title": "Model inventory: a comprehensive record of models in use, owners, purpose, status", "evidence": ["model.inventory", "lineage.artifacts"], "mode": "all"},
                {"ref": "SR 11-7 V (validation)", "title": "Model validation: evaluation of conceptual soundness and outcomes analysis", "evidence": ["evaluations.performance", "reviews.approvals"], "mode": "all"},
                {"ref": "SR 11-7 V (effective challenge)", "title": "Independent review: validation by staff independent of development", "evidence": ["reviews.independent"], "mode": "all"},
                {"ref": "SR 11-7 V (ongoing monitoring)", "title": "Ongoing monitoring: performance and drift after deployment", "evidence": ["monitoring.drift", "evaluations.performance"], "mode": "all"},
                {"ref": "SR 11-7 VI (documentation)", "title": "Documentation of development, data and validation", "evidence": ["lineage.datasets", "lineage.code", "evidence.documents"], "mode": "all"},
                {"ref": "SR 11-7 VI (policies and controls)", "title": "Policies and controls on model use, with exceptions recorded", "evidence": ["policies.published", "decisions.recorded", "refusals.logged"], "mode": "all"}
              ]
            },
            {
              "id": "sr-26-2",
              "name": "SR 26-2: Revised Guidance on Model Risk Management (Federal Reserve, OCC Bulletin 2026-13, FDIC)",
              "short": "SR 26-2",
              "from": "2026-04-17",
              "note": "Issued 17 April 2026 by the Federal Reserve, the OCC and the FDIC; supersedes SR 11-7 (Guidance on Model Risk Management, 4 April 2011) and SR 21-8 (the 2021 interagency statement on model risk management for BSA/AML systems). Most relevant to banking organizations with over $30 billion in total assets. It scales expectations to a model's materiality and leaves generative and agentic AI outside its scope. Requirements are cited by the letter's topics, not quoted.",
              "requirements": [
                {"ref": "SR 26-2 (scope)", "title": "Scope: whether each tool is a model, with the rationale; generative and agentic AI set aside for separate guidance", "evidence": ["model.scoping"], "mode": "all"},
                {"ref": "SR 26-2 (inventory)", "title": "Model inventory: a comprehensive record of models in use, owners, purpose, status", "evidence": ["model.inventory", "lineage.artifacts"], "mode": "all"},
                {"ref": "SR 26-2 (validation)", "title": "Model validation: evaluation of conceptual soundness and outcomes analysis", "evidence": ["evaluations.performance", "reviews.approvals"], "mode": "all"},
                {"ref": "SR 26-2 (effective challenge)", "title": "Independent review: validation by staff independent of development", "evidence": ["reviews.independent"], "mode": "all"},
                {"ref": "SR 26-2 (ongoing monitoring)", "title": "Ongoing monitoring: performance and drift after deployment", "evidence": ["monitoring.drift", "evaluations.performance"], "mode": "all"},
                {"ref": "SR 26-2 (documentation)", "title": "Documentation of development, data and validation", "evidence": ["lineage.datasets", "lineage.code", "evidence.documents"], "mode": "all"},
                {"ref": "SR 26-2 (policies and controls)", "title": "Policies and controls on model use, with exceptions recorded", "evidence": ["policies.published", "decisions.recorded", "refusals.logged"], "mode": "all"}
              ]
            },
            {
              "id": "nist-ai-rmf",
              "name": "NIST AI Risk Management Framework 1.0 (NIST AI 100-1)",
              "short": "NIST AI RMF",
              "from": "2023-01-26",
              "requirements": [
                {"ref": "GOVERN 1.4", "title": "Risk management process and outcomes established through transparent policies and controls", "evidence": ["policies.published", "decisions.recorded"], "mode": "all"},
                {"ref": "GOVERN 1.6", "title": "Mechanisms to inventory AI systems", "evidence": ["model.inventory"], "mode": "all"},
                {"ref": "GOVERN 2.1", "title": "Roles and responsibilities documented", "evidence": ["roles.recorded"], "mode": "all"},
                {"ref": "MEASURE 2.1", "title": "Test sets, metrics and tools used during TEVV are documented", "evidence": ["evaluations.performance", "lineage.datasets"], "mode": "all"},
                {"ref": "MEASURE 2.4", "title": "Functionality and behaviour monitored in production", "evidence": ["monitoring.drift"], "mode": "all"},
                {"ref": "MEASURE 2.11", "title": "Fairness and bias evaluated and results documented", "evidence": ["evaluations.fairness"], "mode": "all"},
                {"ref": "MANAGE 1.1", "title": "Determination whether the system achieves its purpose and whether deployment should proceed", "evidence": ["decisions.recorded", "reviews.approvals"], "mode": "all"},
                {"ref": "MANAGE 4.1", "title": "Post-deployment monitoring plans implemented", "evidence": ["monitoring.drift"], "mode": "all"}
              ]
            },
            {
              "id": "iso-42001",
              "name": "ISO/IEC 42001:2023 AI management system, Annex A controls",
              "short": "ISO/IEC 42001",
              "from": "2023-12-18",
              "requirements": [
                {"ref": "A.6.2.4", "title": "AI system verification and validation", "evidence": ["evaluations.performance", "reviews.approvals"], "mode": "all"},
                {"ref": "A.6.2.5", "title": "AI system deployment: requirements met before deployment", "evidence": ["decisions.recorded", "policies.published"], "mode": "all"},
                {"ref": "A.6.2.6", "title": "AI system operation and monitoring", "evidence": ["monitoring.drift"], "mode": "all"},
                {"ref": "A.6.2.7", "title": "AI system technical documentation", "evidence": ["lineage.artifacts", "lineage.code", "evidence.documents"], "mode": "all"},
                {"ref": "A.6.2.8", "title": "AI system recording of event logs", "evidence": ["log.signed_entries", "log.checkpoint"], "mode": "all"},
                {"ref": "A.7.5", "title": "Data provenance", "evidence": ["lineage.datasets"], "mode": "all"}
              ]
            }
          ]
        }

        """####,
        "report.html.mustache": ####"""
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="generator" content="{{generator}}">
        <title>Audit report: {{summary.model}}</title>
        <style>
          @page { size: A4; margin: 14mm 12mm 18mm 12mm;
            @bottom-left { content: "{{footerCSS}}"; font: 7pt "DejaVu Sans", Arial, sans-serif; color: #5b6470; }
            @bottom-right { content: "Page " counter(page) " of " counter(pages); font: 7pt "DejaVu Sans", Arial, sans-serif; color: #5b6470; } }
          :root { --ink: #1b1f24; --muted: #5b6470; --line: #d5d9de; --ok: #1a7f37; --bad: #b42318; --warn: #9a6700; --bg-hl: #fff4e5; --bg-bad: #fdecea; --card: #f8f9fb; }
          * { box-sizing: border-box; }
          body { font: 10pt/1.4 "DejaVu Sans", "Helvetica Neue", Arial, sans-serif; color: var(--ink); margin: 0; padding: 12px 24px; }
          h1 { font-size: 17pt; margin: 0 0 1mm; } h2 { font-size: 13pt; margin: 7mm 0 2mm; border-bottom: 2px solid var(--ink); padding-bottom: 1mm; break-after: avoid; }
          h3 { font-size: 11pt; margin: 4mm 0 1.5mm; break-after: avoid; } p { margin: 1mm 0 2mm; }
          .muted { color: var(--muted); } .mono, code, pre { font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 8.5pt; overflow-wrap: anywhere; }
          .digest { font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 8.5pt; display: inline-block; max-width: 17ch; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; vertical-align: bottom; user-select: all; cursor: copy; }
          table { border-collapse: collapse; width: 100%; margin: 1mm 0 3mm; font-size: 8.5pt; }
          th, td { border: 1px solid var(--line); padding: 1mm 1.5mm; text-align: left; vertical-align: top; }
          th { background: #f3f5f7; } tr { break-inside: avoid; } thead { display: table-header-group; }
          .ok { color: var(--ok); font-weight: bold; } .bad { color: var(--bad); font-weight: bold; } .warn { color: var(--warn); font-weight: bold; }
          tr.hl td { background: var(--bg-hl); } tr.hl-refusal td, tr.hl-denied td { background: var(--bg-bad); }
          .flag { display: inline-block; font-size: 7pt; font-weight: bold; padding: 0 1mm; border: 1px solid currentColor; border-radius: 2px; }
          .hl-override .flag { color: var(--warn); } .hl-refusal .flag, .hl-denied .flag { color: var(--bad); }
          .issues { margin: 0; padding-left: 5mm; } .issues li { margin-bottom: 0.5mm; } .box { border: 1px solid var(--line); padding: 2mm 3mm; border-radius: 2px; margin-bottom: 2mm; }
          pre { background: #f6f8fa; border: 1px solid var(--line); padding: 2mm; white-space: pre-wrap; }
          nav.toc { font-size: 9pt; margin: 1mm 0 2mm; } nav.toc ol { display: flex; flex-wrap: wrap; gap: 1mm 5mm; list-style: none; padding: 0; margin: 0; } nav.toc a { color: inherit; }
          .overview { display: grid; grid-template-columns: repeat(2, minmax(0, 1fr)); gap: 3mm; }
          .card { border: 1px solid var(--line); background: var(--card); border-radius: 3px; padding: 2mm 3mm; break-inside: avoid; }
          .card h3 { margin: 0 0 1.5mm; font-size: 10.5pt; } .card table { margin: 0; background: #fff; } .card.wide { grid-column: 1 / -1; }
          .card dl { display: grid; grid-template-columns: max-content minmax(0, 1fr); gap: 0.5mm 3mm; margin: 0; } .card dt { font-weight: bold; } .card dd { margin: 0; overflow-wrap: anywhere; }
          .rules { display: flex; flex-wrap: wrap; gap: 1mm; margin: 1mm 0; } .rule { font-size: 8pt; border: 1px solid var(--line); border-radius: 2px; padding: 0 1.5mm; background: #fff; }
          .doc { border-left: 3px solid var(--line); padding: 0 3mm; margin: 1mm 0 3mm; } .doc h1 { font-size: 13pt; } .doc h2 { font-size: 11.5pt; border: 0; }
          details > summary { cursor: pointer; color: var(--muted); font-size: 9pt; margin: 1mm 0; }
          svg { max-width: 100%; height: auto; } svg text { font-family: "DejaVu Sans", Arial, sans-serif; font-size: 10px; fill: var(--ink); }
          .stage-development { fill: #c9d7f0; } .stage-staging { fill: #f6d58e; } .stage-production { fill: #9bd3a8; } .stage-archived { fill: #d0d0d0; }
          .node-item { fill: #f6f8fa; stroke: var(--line); } .edge { stroke: #555; fill: none; stroke-width: 1.5; marker-end: url(#arrow); }
          .dot-ok { fill: var(--ok); } .dot-bad { fill: var(--bad); } .dot-warn { fill: var(--warn); } .whisker { stroke: #333; stroke-width: 1.2; }
          .boundline { stroke: var(--bad); stroke-dasharray: 4 2; stroke-width: 1.5; } .axis { stroke: #888; } .trend { stroke: #3d5f9e; fill: none; stroke-width: 2; }
          .ref { fill: #9aa5b1; } .cur { fill: #3d5f9e; } .charts { display: flex; flex-wrap: wrap; gap: 4mm; } figure { margin: 0; } figcaption { font-size: 8.5pt; color: var(--muted); }
          .bar { fill: #6d8fc9; } .bar-thin { fill: #c0c7d0; } .fourfifths { stroke: var(--bad); stroke-dasharray: 3 2; }
          path.curve { fill: none; stroke-width: 1.3; } path.curve.c0 { stroke-width: 2.4; } .refline { stroke: #999; stroke-dasharray: 4 3; fill: none; } .swatch { stroke: none; } .cm { fill: #3d5f9e; }
          .c0 { stroke: #222; fill: #222; } .c1 { stroke: #d95f02; fill: #d95f02; } .c2 { stroke: #1b9e77; fill: #1b9e77; } .c3 { stroke: #7570b3; fill: #7570b3; } .c4 { stroke: #e7298a; fill: #e7298a; } .c5 { stroke: #66a61e; fill: #66a61e; } .c6 { stroke: #a6761d; fill: #a6761d; }
          section { break-inside: auto; } footer { margin-top: 8mm; font-size: 8pt; color: var(--muted); border-top: 1px solid var(--line); padding-top: 2mm; }
          @media print {
            body { padding: 0; font-size: 9pt; } a { color: inherit; text-decoration: none; } nav.toc { display: none; }
            .digest { display: inline; max-width: none; white-space: normal; overflow-wrap: anywhere; }
            .overview { grid-template-columns: minmax(0, 1fr); } h2 { break-before: auto; } .box { break-inside: auto; }
          }
        </style>
        </head>
        <body>
        <header>
          <h1>Audit report: <span class="mono">{{summary.model}}</span></h1>
          <p class="muted">Ledger <span class="mono">{{ledger.origin}}</span> ({{ledger.size}} entries) · scope: {{scopeText}} · generated {{generatedAt}} by {{generator}} · schema {{schema}} · templates <span class="digest" title="{{templatesText}}">{{templatesText}}</span></p>
        </header>
        <nav class="toc" aria-label="Contents"><ol>
          <li><a href="#summary">1. Summary</a></li><li><a href="#lineage">2. Lineage</a></li><li><a href="#timeline">3. Timeline</a></li>
          <li><a href="#evaluations">4. Evaluations</a></li><li><a href="#decisions">5. Decisions and approvals</a></li>
          <li><a href="#integrity">6. Integrity</a></li><li><a href="#regulatory">7. Regulatory mapping</a></li>
        </ol></nav>

        <section id="summary">
        <h2>1. Summary</h2>
        <div id="overview" class="overview">
        <div class="card">
          <h3>Model</h3>
          <dl>
            <dt>Name</dt><dd class="mono">{{summary.model}}</dd>
            <dt>Purpose</dt><dd>{{summary.purpose}}</dd>
            <dt>Owner · tier</dt><dd>{{summary.owner}} · risk tier {{summary.riskTier}}</dd>
            <dt>Scoping</dt><dd>{{#summary.scoping}}<span class="{{^inSR262Scope}}warn{{/inSR262Scope}}">{{text}}</span> <span class="muted">(entry {{entry}}, {{actor}}: {{rationale}}{{#euAIActRationale}}; EU AI Act: {{euAIActRationale}}{{/euAIActRationale}})</span>{{/summary.scoping}}{{^summary.scoping}}<span class="muted">not recorded</span>{{/summary.scoping}}</dd>
            <dt>Created</dt><dd>{{summary.created}} (entry {{summary.createdEntry}})</dd>
            <dt>Record</dt><dd>{{summary.counts.entries}} entries · {{summary.counts.evaluations}} evaluations · {{summary.counts.monitoring}} monitoring · {{summary.counts.reviews}} reviews · {{summary.counts.decisions}} decisions ({{summary.counts.overrides}} by override) · {{summary.counts.refusals}} refused</dd>
          </dl>
        </div>
        <div class="card">
          <h3>Status</h3>
          <dl>
            {{#summary.versions}}<dt>v{{version}}</dt><dd><strong>{{stage}}</strong> since {{stageSince}} · {{status}}{{^empty(aliases)}} · aliases {{#aliases}}{{.}} {{/aliases}}{{/empty(aliases)}}</dd>{{/summary.versions}}
            <dt>Integrity</dt><dd><span class="{{integrity.resultClass}}">{{integrity.resultText}}</span> · {{integrity.entriesChecked}} cited entries checked against checkpoint {{integrity.checkpointSize}}</dd>
            <dt>Open issues</dt><dd>{{#hasOpenIssues}}<span class="warn">{{openIssueCount}}</span> (below){{/hasOpenIssues}}{{^hasOpenIssues}}<span class="ok">none</span>{{/hasOpenIssues}}</dd>
          </dl>
        </div>
        <div class="card">
          <h3>Serving</h3>
          {{#hasServing}}<table>
            <thead><tr><th>Version</th><th>Where</th><th>Stage / requires</th><th>Backed</th></tr></thead>
            {{#serving}}<tr><td>v{{version}} (entry {{entry}})</td><td class="mono">{{what}}</td><td>{{stage}} / {{required}}</td><td class="{{servingClass}}">{{backing}}</td></tr>{{/serving}}
          </table>{{/hasServing}}
          {{^hasServing}}<p>No deployment or alias.</p>{{/hasServing}}
        </div>
        <div class="card">
          <h3>Last decision</h3>
          {{#lastDecision}}<p><strong>Entry {{entry}}</strong> · {{time}} · {{#version}}v{{version}} {{/version}}{{fromStage}} → {{toStage}} · requested by {{actor}} · <span class="{{resultClass}}">{{resultText}}</span></p>
          <p class="muted">{{rulesText}}{{#justification}} · override: {{justification}}{{/justification}}</p>{{/lastDecision}}
          {{^lastDecision}}<p>No promotion decision is recorded in scope.</p>{{/lastDecision}}
        </div>
        <div class="card wide">
          <h3>Open issues</h3>
          {{#hasOpenIssues}}<ul class="issues">
            {{#summary.openIssues}}<li><span class="warn">{{kind}}</span>{{#version}} v{{version}}{{/version}}: {{detail}} <span class="muted">(entries {{#entries}}{{.}} {{/entries}})</span></li>{{/summary.openIssues}}
          </ul>{{/hasOpenIssues}}
          {{^hasOpenIssues}}<p>None: no pending or stale approvals, failed gates, overrides, refusals, drift above the bound, or unbacked deployments and aliases.</p>{{/hasOpenIssues}}
        </div>
        </div>
        <h3>Versions and stages</h3>
        <table>
          <thead><tr><th>Version</th><th>Stage</th><th>Since</th><th>Status</th><th>Registered by</th><th>Aliases</th><th>Deployments</th></tr></thead>
          {{#summary.versions}}
          <tr><td>v{{version}} (entry {{registeredEntry}})</td><td>{{stage}}</td><td>{{stageSince}}</td><td>{{status}}</td><td>{{registrant}}</td><td>{{#aliases}}{{.}} {{/aliases}}</td><td>{{#deployments}}{{environment}} {{traffic}}% {{/deployments}}</td></tr>
          {{/summary.versions}}
        </table>
        <svg role="img" aria-label="Stage timeline" viewBox="0 0 {{graphics.stages.width}} {{graphics.stages.height}}" width="{{graphics.stages.width}}" height="{{graphics.stages.height}}" xmlns="http://www.w3.org/2000/svg">
          {{#graphics.stages.rows}}
          <text x="4" y="{{labelY}}">{{label}}</text>
          {{#bars}}<rect class="{{stageClass}}" x="{{x}}" y="{{y}}" width="{{width}}" height="{{height}}"><title>{{title}}</title></rect>{{/bars}}
          {{/graphics.stages.rows}}
          <line x1="{{graphics.stages.axisStartX}}" y1="{{graphics.stages.axisY}}" x2="{{graphics.stages.axisEndX}}" y2="{{graphics.stages.axisY}}" stroke="#888"/>
          <text x="{{graphics.stages.axisStartX}}" y="{{graphics.stages.axisTextY}}">{{graphics.stages.axisStart}}</text>
          <text x="{{graphics.stages.axisEndX}}" y="{{graphics.stages.axisTextY}}" text-anchor="end">{{graphics.stages.axisEnd}}</text>
        </svg>
        <p class="muted">Stages: <svg width="520" height="14" xmlns="http://www.w3.org/2000/svg">{{#graphics.stages.stages}}<rect class="{{stageClass}}" x="{{x}}" y="2" width="10" height="10"/><text x="{{textX}}" y="11">{{stage}}</text>{{/graphics.stages.stages}}</svg></p>
        </section>

        <section id="lineage">
        <h2>2. Lineage</h2>
        <svg role="img" aria-label="Lineage graph" viewBox="0 -10 {{graphics.lineage.width}} {{graphics.lineage.height}}" width="{{graphics.lineage.width}}" height="{{graphics.lineage.height}}" xmlns="http://www.w3.org/2000/svg">
          <defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#555"/></marker></defs>
          {{#graphics.lineage.edges}}<path class="edge" d="{{path}}"/><text x="{{labelX}}" y="{{labelY}}" text-anchor="middle" class="muted">parent</text>{{/graphics.lineage.edges}}
          {{#graphics.lineage.nodes}}
          <rect class="{{stageClass}}" x="{{x}}" y="{{y}}" width="{{width}}" height="{{height}}" rx="3" stroke="#333"/>
          <text x="{{textX}}" y="{{textY}}" text-anchor="middle" font-weight="bold">{{label}}</text>
          <text x="{{textX}}" y="{{subY}}" text-anchor="middle">{{stage}}</text>
          {{#items}}<rect class="node-item" x="{{x}}" y="{{y}}" width="{{width}}" height="19" rx="2"/><text x="{{textX}}" y="{{textY}}">{{kind}}: {{label}}</text>{{/items}}
          {{/graphics.lineage.nodes}}
        </svg>
        {{#lineage}}
        <h3>v{{version}}{{#parent}} (parent v{{parent}}){{/parent}} · {{stage}} · registered by {{registrant}} in entry {{entry}}</h3>
        <table>
          <thead><tr><th>Kind</th><th>Name</th><th>Digest</th><th>Bytes</th></tr></thead>
          {{#artifacts}}<tr><td>artifact</td><td>{{name}}</td><td><span class="digest" title="{{digest}}">{{digest}}</span></td><td>{{size}}</td></tr>{{/artifacts}}
          {{#datasets}}<tr><td>dataset ({{role}})</td><td>{{name}}</td><td><span class="digest" title="{{digest}}">{{digest}}</span></td><td>{{size}}</td></tr>{{/datasets}}
          {{#code}}<tr><td>code</td><td>{{repository}}</td><td class="mono">{{commit}}{{#dirty}} (dirty working tree){{/dirty}}</td><td></td></tr>{{/code}}
        </table>
        <p class="muted">{{#framework}}Framework {{framework}}. {{/framework}}{{^empty(params)}}Parameters: {{/empty(params)}}{{#params}}{{name}}={{value}} {{/params}}{{^empty(claimedMetrics)}} · Claimed metrics: {{/empty(claimedMetrics)}}{{#claimedMetrics}}{{name}}={{value}} {{/claimedMetrics}}{{^empty(evaluations)}} · Evaluations: entries {{/empty(evaluations)}}{{#evaluations}}{{.}} {{/evaluations}}{{^empty(decisions)}} · Decisions: entries {{/empty(decisions)}}{{#decisions}}{{.}} {{/decisions}}{{#environment}} · Environment ({{source}}{{#python}}, Python {{python}}{{/python}}{{#platform}}, {{platform}}{{/platform}}): {{packageCount}} packages{{#files}}, {{name}} <code>{{value}}</code>{{/files}}{{#gpus}}, GPU {{.}}{{/gpus}}{{/environment}}</p>
        {{/lineage}}
        {{#comparisonView}}<h3 id="comparison">Changes from v{{from}} to v{{to}} (<span class="mono">attest diff</span>)</h3>
        <table><thead><tr><th>Lineage, parameters, environment</th><th>v{{from}}</th><th>v{{to}}</th><th>Change</th></tr></thead>
        {{#lineage}}<tr><td>{{name}}</td><td class="mono">{{from}}</td><td class="mono">{{to}}</td><td class="{{changeClass}}">{{change}}</td></tr>{{/lineage}}
        {{#parameters}}<tr><td>{{name}}</td><td class="mono">{{from}}</td><td class="mono">{{to}}</td><td class="{{changeClass}}">{{change}}</td></tr>{{/parameters}}
        </table>
        <details{{#printing}} open{{/printing}}><summary>Metrics and fairness of each version's latest evaluation, with interval overlap; rules whose outcome changed</summary>
        <table><thead><tr><th>Metric</th><th>v{{from}}</th><th>v{{to}}</th><th>Δ</th><th>95% intervals</th></tr></thead>
        {{#metrics}}<tr><td>{{name}}</td><td class="mono">{{from}}</td><td class="mono">{{to}}</td><td class="mono">{{delta}}</td><td class="{{overlapClass}}">{{overlap}}</td></tr>{{/metrics}}
        {{#fairness}}<tr><td>{{name}}</td><td class="mono">{{from}}</td><td class="mono">{{to}}</td><td class="mono">{{delta}}</td><td class="{{overlapClass}}">{{overlap}}</td></tr>{{/fairness}}
        </table>
        {{#hasRules}}<table><thead><tr><th>Rule</th><th>Stage</th><th>v{{from}}</th><th>v{{to}}</th><th>Observed</th><th>Decisions</th></tr></thead>
        {{#rules}}<tr><td class="mono">{{rule}}</td><td>{{stage}}</td><td>{{from}}</td><td>{{to}}</td><td class="mono">{{fromObserved}} → {{toObserved}}</td><td>{{decisions}}</td></tr>{{/rules}}</table>{{/hasRules}}
        {{^hasRules}}<p>No rule's outcome changed between the versions' latest decisions for the same stage.</p>{{/hasRules}}
        </details>{{/comparisonView}}
        </section>

        <section id="timeline">
        <h2>3. Timeline</h2>
        <p class="muted">Every entry about the model in scope, in log order. Overrides, refusals and denials are highlighted.</p>
        <table>
          <thead><tr><th style="width:7%">Entry</th><th style="width:17%">When</th><th style="width:18%">Who (roles then)</th><th>What</th></tr></thead>
          {{#timeline}}
          <tr class="{{rowClass}}"><td>{{entry}}</td><td class="mono">{{time}}</td><td>{{actor}}<br><span class="muted">{{rolesText}}</span></td><td>{{#flag}}<span class="flag">{{flag}}</span> {{/flag}}{{summary}} <span class="muted mono">{{type}}</span></td></tr>
          {{/timeline}}
        </table>
        </section>

        <section id="evaluations">
        <h2>4. Evaluations</h2>
        {{^evaluations}}<p>No evaluation is recorded in scope.</p>{{/evaluations}}
        {{#evaluations}}
        <div class="box">
        <h3>Entry {{entry}}{{#version}} · v{{version}}{{/version}} · {{time}} · by {{actor}}</h3>
        {{#data}}<p>Data ({{datasetRole}}): {{name}} <span class="digest" title="{{digest}}">{{digest}}</span> ({{size}} bytes){{#lineageRole}} · recorded in the lineage as {{lineageRole}}{{/lineageRole}}</p>{{/data}}
        <p class="muted">{{#task}}Task {{task}}. {{/task}}{{#evaluatedRows}}{{evaluatedRows}} rows evaluated, {{droppedRows}} dropped. {{/evaluatedRows}}{{#bootstrap}}Bootstrap: {{bootstrap}}.{{/bootstrap}}</p>
        {{^empty(overall)}}<table><thead><tr><th>Metric (overall)</th><th>Value [95% interval]</th></tr></thead>{{#overall}}<tr><td>{{name}}</td><td class="mono">{{text}}</td></tr>{{/overall}}</table>{{/empty(overall)}}
        {{#groupings}}
        <h3>By {{title}}{{#isIntersection}} (intersection){{/isIntersection}}</h3>
        <table>
          <thead><tr><th>Group</th><th>Rows</th>{{#metricNames}}<th>{{.}}</th>{{/metricNames}}</tr></thead>
          {{#groups}}<tr><td>{{label}}{{#insufficient}} <span class="warn">(below minimum size)</span>{{/insufficient}}</td><td>{{count}}</td>{{#cells}}<td class="mono">{{text}}</td>{{/cells}}</tr>{{/groups}}
        </table>
        <svg role="img" aria-label="{{bars.metric}} by group" viewBox="0 0 {{bars.width}} {{bars.height}}" width="{{bars.width}}" height="{{bars.height}}" xmlns="http://www.w3.org/2000/svg">
          {{#bars.bars}}<text x="4" y="{{textY}}">{{label}}</text><rect class="{{#insufficient}}bar-thin{{/insufficient}}{{^insufficient}}bar{{/insufficient}}" x="{{x}}" y="{{y}}" width="{{width}}" height="{{height}}"/><text x="{{valueX}}" y="{{textY}}">{{value}}</text>{{/bars.bars}}
          {{#bars.fourFifths}}<line class="fourfifths" x1="{{bars.lineX}}" y1="0" x2="{{bars.lineX}}" y2="{{bars.lineY2}}"/>{{/bars.fourFifths}}
        </svg>
        <p class="muted">Bars: {{bars.metric}} per group{{#bars.fourFifths}}; the dashed line is four fifths of the highest selection rate{{/bars.fourFifths}}.</p>
        {{^empty(disparities)}}<table><thead><tr><th>Disparity</th><th>Method</th><th>Value [95% interval]</th></tr></thead>{{#disparities}}<tr><td>{{name}}</td><td>{{method}} {{aggregation}}</td><td class="mono">{{text}}</td></tr>{{/disparities}}</table>{{/empty(disparities)}}
        {{#fourFifths}}<p>Four-fifths rule: ratio {{ratio}} (lowest {{lowestGroup}}, highest {{highestGroup}}), threshold {{threshold}}: {{#passes}}<span class="ok">passes</span>{{/passes}}{{^passes}}<span class="bad">fails or undefined</span>{{/passes}}</p>{{/fourFifths}}
        {{/groupings}}
        {{#curvesView}}{{#recorded}}<h3>Curves and confusion matrix</h3>
        <div class="charts">{{#confusions}}<figure>
        <svg role="img" aria-label="{{alt}}" viewBox="0 0 {{width}} {{height}}" width="{{width}}" height="{{height}}" xmlns="http://www.w3.org/2000/svg"><title>{{title}}</title><desc>{{alt}}</desc>
          <text x="{{predictedX}}" y="{{predictedY}}" text-anchor="middle">predicted</text><text x="{{positiveX}}" y="{{columnY}}" text-anchor="middle">positive</text><text x="{{negativeX}}" y="{{columnY}}" text-anchor="middle">negative</text>
          <text x="{{actualX}}" y="{{columnY}}">actual</text><text x="{{actualX}}" y="{{positiveY}}">positive</text><text x="{{actualX}}" y="{{negativeY}}">negative</text>
          {{#cells}}<rect class="cm" x="{{x}}" y="{{y}}" width="{{size}}" height="{{size}}" fill-opacity="{{opacity}}"/><text x="{{textX}}" y="{{nameY}}" text-anchor="middle" font-weight="bold">{{name}}</text><text x="{{textX}}" y="{{valueY}}" text-anchor="middle">{{value}}</text><text x="{{textX}}" y="{{shareY}}" text-anchor="middle" font-size="8">{{share}}</text>{{/cells}}
        </svg>
        <figcaption>{{caption}}</figcaption></figure>{{/confusions}}
        {{#charts}}<figure>
        <svg role="img" aria-label="{{alt}}" viewBox="0 0 {{width}} {{height}}" width="{{width}}" height="{{height}}" xmlns="http://www.w3.org/2000/svg"><title>{{title}}</title><desc>{{alt}}</desc>
          <line class="axis" x1="{{axisX}}" y1="{{axisTop}}" x2="{{axisX}}" y2="{{axisBottom}}"/><line class="axis" x1="{{axisX}}" y1="{{axisBottom}}" x2="{{axisRight}}" y2="{{axisBottom}}"/>
          <text x="{{axisX}}" y="{{tickY}}" text-anchor="middle">0</text><text x="{{midX}}" y="{{tickY}}" text-anchor="middle">0.5</text><text x="{{axisRight}}" y="{{tickY}}" text-anchor="middle">1</text>
          <text x="{{axisX}}" dx="-4" y="{{axisBottom}}" text-anchor="end">0</text><text x="{{axisX}}" dx="-4" y="{{midY}}" text-anchor="end">0.5</text><text x="{{axisX}}" dx="-4" y="{{axisTop}}" dy="4" text-anchor="end">1</text>
          <text x="{{midX}}" y="{{xLabelY}}" text-anchor="middle">{{xLabel}}</text><text x="{{legendX}}" y="{{axisBottom}}" font-size="8">y: {{yLabel}}</text>
          <path class="refline" d="{{referencePath}}"/>
          {{#lines}}<path class="{{class}}" d="{{path}}"/>{{#dots}}<circle class="c0" cx="{{cx}}" cy="{{cy}}" r="2.5"/>{{/dots}}<rect class="{{swatchClass}}" x="{{legendX}}" y="{{legendY}}" width="9" height="3" transform="translate(0,-4)"/><text x="{{legendTextX}}" y="{{legendY}}" font-size="8">{{label}}</text>{{/lines}}
        </svg>
        <figcaption>{{title}}; dashed: {{referenceText}}.</figcaption></figure>{{/charts}}</div>
        <p class="muted">Recorded with the evaluation: {{pointsText}}{{#noteText}}; {{noteText}}{{/noteText}}. The points are in the JSON report (<code>evaluations[].curves</code>).</p>
        {{#hasGroups}}<details{{#printing}} open{{/printing}}><summary>Confusion matrix per group</summary><table><thead><tr><th>Column</th><th>Group</th><th>Rows</th><th>TP</th><th>FP</th><th>TN</th><th>FN</th></tr></thead>
        {{#groupRows}}<tr><td>{{column}}</td><td>{{label}}</td><td>{{rows}}</td><td class="mono">{{tp}}</td><td class="mono">{{fp}}</td><td class="mono">{{tn}}</td><td class="mono">{{fn}}</td></tr>{{/groupRows}}</table></details>{{/hasGroups}}
        {{/recorded}}{{^recorded}}<p class="muted">Curves and confusion matrix: {{missingText}}.</p>{{/recorded}}{{/curvesView}}
        {{#payloadText}}<pre>{{payloadText}}</pre>{{/payloadText}}
        </div>
        {{/evaluations}}
        {{^empty(monitoring)}}<h3>Drift monitoring</h3>{{/empty(monitoring)}}
        {{#monitoring}}
        <p>Entry {{entry}}{{#version}} · v{{version}}{{/version}} · {{time}} · by {{actor}}{{#reference}} · reference {{name}} <span class="digest" title="{{digest}}">{{digest}}</span>{{/reference}}{{#current}} · current {{name}} <span class="digest" title="{{digest}}">{{digest}}</span>{{/current}}</p>
        <table><thead><tr><th>Column</th><th>Kind</th><th>PSI</th><th>Band</th><th>p-value</th><th>JS distance</th></tr></thead>
        {{#columns}}<tr><td>{{name}}</td><td>{{kind}}</td><td class="mono">{{psi}}</td><td class="{{bandClass}}">{{band}}</td><td class="mono">{{pValue}}</td><td class="mono">{{jsDistance}}</td></tr>{{/columns}}</table>
        {{^empty(histograms)}}<div class="charts">{{#histograms}}<figure>
        <svg role="img" aria-label="{{alt}}" viewBox="0 0 {{width}} {{height}}" width="{{width}}" height="{{height}}" xmlns="http://www.w3.org/2000/svg"><title>{{column}}: reference vs current, {{psiText}}</title><desc>{{alt}}</desc>
          <line class="axis" x1="{{axisX}}" y1="{{axisY}}" x2="{{axisRight}}" y2="{{axisY}}"/><line class="axis" x1="{{axisX}}" y1="{{axisTop}}" x2="{{axisX}}" y2="{{axisY}}"/>
          <text x="2" y="{{highY}}">{{highText}}</text>
          {{#bars}}<rect class="ref" x="{{referenceX}}" y="{{referenceY}}" width="{{width}}" height="{{referenceHeight}}"><title>{{title}}</title></rect><rect class="cur" x="{{currentX}}" y="{{currentY}}" width="{{width}}" height="{{currentHeight}}"><title>{{title}}</title></rect><text x="{{labelX}}" y="{{labelY}}" text-anchor="middle" font-size="8">{{label}}</text>{{/bars}}
          <rect class="ref" x="{{axisX}}" y="{{legendY}}" width="8" height="8" transform="translate(0,-8)"/><text x="{{axisX}}" dx="11" y="{{legendY}}">reference</text><g transform="translate(80,0)"><rect class="cur" x="{{axisX}}" y="{{legendY}}" width="8" height="8" transform="translate(0,-8)"/><text x="{{axisX}}" dx="11" y="{{legendY}}">current</text></g>
        </svg>
        <figcaption>{{column}}: reference (grey) vs current (blue), share of rows per bin · {{psiText}} {{band}}</figcaption></figure>{{/histograms}}</div>{{/empty(histograms)}}
        {{#payloadText}}<pre>{{payloadText}}</pre>{{/payloadText}}
        {{/monitoring}}
        {{#hasTrends}}<h3 id="trends">Gated metrics across versions</h3>
        <div class="charts">{{#trendCharts}}<figure>
        <svg role="img" aria-label="{{alt}}" viewBox="0 0 {{width}} {{height}}" width="{{width}}" height="{{height}}" xmlns="http://www.w3.org/2000/svg"><title>{{metric}} by version</title><desc>{{alt}}</desc>
          <line class="axis" x1="{{axisX}}" y1="{{axisTop}}" x2="{{axisX}}" y2="{{axisBottom}}"/><line class="axis" x1="{{axisX}}" y1="{{axisBottom}}" x2="{{axisRight}}" y2="{{axisBottom}}"/>
          <text x="2" y="{{lowY}}">{{lowText}}</text><text x="2" y="{{highY}}">{{highText}}</text>
          {{#hasBound}}<line class="boundline" x1="{{axisX}}" y1="{{boundY}}" x2="{{axisRight}}" y2="{{boundY}}"/><text x="{{axisRight}}" y="{{boundY}}" dy="-3" text-anchor="end" font-size="8">{{boundText}}</text>{{/hasBound}}
          <path class="trend" d="{{path}}"/>
          {{#points}}{{#hasInterval}}<line class="whisker" x1="{{x}}" y1="{{lowerY}}" x2="{{x}}" y2="{{upperY}}"/><line class="whisker" x1="{{capLeft}}" y1="{{lowerY}}" x2="{{capRight}}" y2="{{lowerY}}"/><line class="whisker" x1="{{capLeft}}" y1="{{upperY}}" x2="{{capRight}}" y2="{{upperY}}"/>{{/hasInterval}}{{#defined}}<circle class="dot-ok" cx="{{x}}" cy="{{y}}" r="4"/>{{/defined}}<text x="{{x}}" y="{{labelY}}" text-anchor="middle">{{label}}</text><text x="{{x}}" y="{{valueY}}" text-anchor="middle" font-size="8">{{valueText}}</text>{{/points}}
        </svg>
        <figcaption>{{metric}}: each version's latest evaluation, 95% bootstrap interval where recorded; dashed: the latest bound a decision applied.</figcaption></figure>{{/trendCharts}}</div>{{/hasTrends}}
        </section>

        <section id="decisions">
        <h2>5. Decisions and approvals</h2>
        <h3>Reviews</h3>
        {{^reviews}}<p>No approval, rejection or withdrawal is recorded in scope.</p>{{/reviews}}
        {{^empty(reviews)}}<table><thead><tr><th>Entry</th><th>When</th><th>Who (roles then)</th><th>What</th><th>Comment</th></tr></thead>
        {{#reviews}}<tr><td>{{entry}}</td><td class="mono">{{time}}</td><td>{{actor}}<br><span class="muted">{{rolesText}}</span></td><td>{{type}}{{#version}} v{{version}}{{/version}}{{#stage}} for {{stage}}{{/stage}}{{#expires}}, expires {{expires}}{{/expires}}</td><td>{{comment}}</td></tr>{{/reviews}}</table>{{/empty(reviews)}}
        <h3>Promotion decisions</h3>
        {{^decisions}}<p>No promotion decision is recorded in scope.</p>{{/decisions}}
        {{#decisions}}
        <div class="box" id="decision-{{entry}}">
        <p><strong>Entry {{entry}}</strong> · {{time}} · {{#version}}v{{version}} {{/version}}{{fromStage}} → {{toStage}} · requested by {{actor}} ({{rolesText}}) · <span class="{{resultClass}}">{{resultText}}</span></p>
        {{^empty(rules)}}<div class="rules" aria-label="Rule outcomes">{{#rules}}<span class="rule"><span class="mono">{{ruleID}}</span> <span class="{{statusClass}}">{{status}}</span></span>{{/rules}}</div>{{/empty(rules)}}
        {{#justification}}<p class="warn">Override justification: {{justification}}</p>{{/justification}}
        {{^empty(reasons)}}<ul>{{#reasons}}<li>{{.}}</li>{{/reasons}}</ul>{{/empty(reasons)}}
        {{#regulationText}}<p class="muted">Requirements in force then: {{regulationText}}</p>{{/regulationText}}

        <details{{#printing}} open{{/printing}}><summary>Details: policy set, observed values, bounds, approvals counted and set aside</summary>
        {{#gate}}<figure>
        <svg role="img" aria-label="{{alt}}" viewBox="0 0 {{width}} {{height}}" width="{{width}}" height="{{height}}" xmlns="http://www.w3.org/2000/svg"><title>Numeric gates: observed value, interval and bound</title><desc>{{alt}}</desc>
          {{#rows}}<text x="4" y="{{textY}}">{{label}}</text>{{#hasInterval}}<line class="whisker" x1="{{lowerX}}" y1="{{y}}" x2="{{upperX}}" y2="{{y}}"/><line class="whisker" x1="{{lowerX}}" y1="{{capTop}}" x2="{{lowerX}}" y2="{{capBottom}}"/><line class="whisker" x1="{{upperX}}" y1="{{capTop}}" x2="{{upperX}}" y2="{{capBottom}}"/>{{/hasInterval}}<line class="boundline" x1="{{boundX}}" y1="{{boundTop}}" x2="{{boundX}}" y2="{{boundBottom}}"/><circle class="{{dotClass}}" cx="{{x}}" cy="{{y}}" r="4"/><text x="{{valueX}}" y="{{textY}}" font-size="9">{{valueText}}</text>{{/rows}}
          <line class="axis" x1="{{axisStartX}}" y1="{{axisY}}" x2="{{axisEndX}}" y2="{{axisY}}"/><text x="{{axisStartX}}" y="{{axisTextY}}">{{axisLow}}</text><text x="{{axisEndX}}" y="{{axisTextY}}" text-anchor="end">{{axisHigh}}</text>
        </svg>
        <figcaption>Numeric gates: dot = observed (green pass, red fail, amber overridden or advisory), bar = 95% bootstrap interval where recorded, dashed = the policy bound.</figcaption></figure>{{/gate}}
        <p class="muted">Policy set {{#policySetHash}}<span class="digest" title="{{policySetHash}}">{{policySetHash}}</span>{{/policySetHash}}{{^policySetHash}}hash not recorded{{/policySetHash}}{{#policyEntry}} (published in entry {{policyEntry}}){{/policyEntry}} · policies: {{#policies}}{{.}} {{/policies}} · cites entries {{citedText}}</p>
        {{^empty(rules)}}<table><thead><tr><th>Rule</th><th>Kind / enforcement</th><th>Status</th><th>Observed</th><th>Bound</th><th>Why</th></tr></thead>
        {{#rules}}<tr><td class="mono">{{ruleID}}<br><span class="muted">{{policy}}</span></td><td>{{kind}}<br><span class="muted">{{enforcement}}</span></td><td class="{{statusClass}}">{{status}}</td><td class="mono">{{observed}}</td><td class="mono">{{bound}}</td><td>{{message}}{{#override}}<br><span class="warn">Overridden by {{override}}</span>{{/override}}{{#hasApprovals}}<br>Approvals required: {{approvalsRequired}}; counted: {{#approvalsCounted}}{{actor}} (entry {{entry}}) {{/approvalsCounted}}{{^empty(approvalsSetAside)}}; set aside: {{/empty(approvalsSetAside)}}{{#approvalsSetAside}}{{actor}} (entry {{entry}}, {{reason}}: {{detail}}) {{/approvalsSetAside}}{{/hasApprovals}}</td></tr>{{/rules}}</table>{{/empty(rules)}}
        {{#payloadText}}<p class="muted">Recorded payload (not yet in a known form):</p><pre>{{payloadText}}</pre>{{/payloadText}}
        </details>
        </div>
        {{/decisions}}
        {{^empty(policies)}}<h3>Policy sets used</h3>{{/empty(policies)}}
        {{#policies}}<p>Entry {{entry}} · published {{time}} by {{actor}}{{#hash}} · <span class="digest" title="{{hash}}">{{hash}}</span>{{/hash}}</p>{{^empty(files)}}<table><thead><tr><th>File</th><th>Digest</th></tr></thead>{{#files}}<tr><td>{{name}}</td><td><span class="digest" title="{{value}}">{{value}}</span></td></tr>{{/files}}</table>{{/empty(files)}}{{/policies}}
        {{^empty(policyChanges)}}<h3>Policy changes between registration and decisions</h3>
        <table><thead><tr><th>Entry</th><th>Published</th><th>Approved by</th><th>In force from</th><th>What changed</th></tr></thead>
        {{#policyChanges}}<tr><td>{{entry}}</td><td>{{time}} by {{publisher}}</td><td>{{#approvers}}{{.}} {{/approvers}}({{quorum}} needed)</td><td>{{#effective}}entry {{effective}}{{/effective}}{{^effective}}never{{/effective}}</td><td>{{#changes}}{{.}}<br>{{/changes}}</td></tr>{{/policyChanges}}
        </table>{{/empty(policyChanges)}}
        {{^empty(evidence)}}<h3>Evidence documents</h3><table><thead><tr><th>Entry</th><th>Version</th><th>Kind</th><th>File</th><th>Digest</th><th>Stored</th></tr></thead>
        {{#evidence}}<tr><td>{{entry}}</td><td>{{version}}</td><td>{{kind}}</td><td>{{#file}}{{name}}{{/file}}</td><td>{{#file}}<span class="digest" title="{{digest}}">{{digest}}</span>{{/file}}</td><td>{{#stored}}yes{{/stored}}{{^stored}}no{{/stored}}</td></tr>{{/evidence}}</table>{{/empty(evidence)}}
        {{#evidence}}{{#hasDocument}}<details class="document"{{#printing}} open{{/printing}}><summary>Entry {{entry}}: {{kind}}{{#version}} for v{{version}}{{/version}}{{#file}} · {{name}}{{/file}} · attached by {{actor}} (stored in the ledger; shown as sanitized HTML)</summary>
        <div class="doc">{{{documentHTML}}}</div></details>{{/hasDocument}}{{/evidence}}
        </section>

        <section id="integrity">
        <h2>6. Integrity</h2>
        <p>Result: <span class="{{integrity.resultClass}}">{{integrity.resultText}}</span> · {{integrity.entriesChecked}} cited entries · {{integrity.signaturesValid}} signatures valid · {{integrity.proofsValid}} inclusion proofs valid · checkpoint signature {{#integrity.checkpointSignatureValid}}<span class="ok">valid</span>{{/integrity.checkpointSignatureValid}}{{^integrity.checkpointSignatureValid}}<span class="bad">not verified</span>{{/integrity.checkpointSignatureValid}}</p>
        {{^empty(integrity.problems)}}<ul>{{#integrity.problems}}<li class="bad">{{.}}</li>{{/integrity.problems}}</ul>{{/empty(integrity.problems)}}
        <p>{{integrity.timeSource}}</p>
        <p>The checkpoint used, verbatim (a C2SP signed note; log key <span class="mono">{{ledger.logKey}}</span>):</p>
        <pre>{{integrity.checkpoint}}</pre>
        <h3>How to repeat the check</h3>
        <ol>{{#integrity.howToRepeat}}<li>{{.}}</li>{{/integrity.howToRepeat}}</ol>
        <h3>Every cited entry</h3>
        <details{{#printing}} open{{/printing}}><summary>{{integrity.entriesChecked}} entries: signature, inclusion proof and leaf hash of each</summary>
        <table><thead><tr><th>Entry</th><th>Type</th><th>Signer</th><th>Signature</th><th>Inclusion</th><th>Leaf hash (SHA-256)</th></tr></thead>
        {{#integrity.entries}}<tr><td>{{entry}}</td><td class="mono">{{type}}</td><td>{{signer}}</td><td class="{{signatureClass}}">{{signature}}</td><td class="{{inclusionClass}}">{{inclusion}}</td><td><span class="digest" title="{{leafHash}}">{{leafHash}}</span></td></tr>{{/integrity.entries}}</table>
        </details>
        </section>

        <section id="regulatory">
        <h2>7. Regulatory mapping</h2>
        <p class="muted">For each requirement cited, the evidence in this report that answers it, or "not evidenced". The mapping is data (reports/regulatory-mapping.json); it is not legal advice.</p>
        {{#regulatory}}
        <h3>{{name}}</h3>
        <p class="muted">{{#from}}Applies from {{from}}{{/from}}{{#until}} until {{until}}{{/until}}{{^inForce}} · <span class="warn">not in force on the report's date</span>: it answers for decisions made while it was{{/inForce}}{{#note}} · {{note}}{{/note}}</p>
        <table><thead><tr><th style="width:16%">Requirement</th><th style="width:12%">Status</th><th>Evidence in this report</th></tr></thead>
        {{#requirements}}<tr><td><strong>{{ref}}</strong><br>{{title}}{{#from}}<br><span class="muted">applies from {{from}}{{#dateNote}}*{{/dateNote}}</span>{{/from}}</td><td class="{{statusClass}}">{{status}}</td><td>{{#evidence}}§{{section}}: {{description}}{{^empty(entries)}} <span class="muted">(entries {{#entries}}{{.}} {{/entries}})</span>{{/empty(entries)}}<br>{{/evidence}}{{#missingText}}<span class="muted">Not found: {{missingText}}</span>{{/missingText}}</td></tr>{{/requirements}}
        </table>
        {{#dateNotes}}<p class="muted">* {{.}}</p>{{/dateNotes}}
        {{/regulatory}}
        </section>

        <footer>Generated by {{generator}} at {{generatedAt}} from ledger {{ledger.origin}} of {{ledger.size}} entries. Every fact above is a signed entry of that ledger; section 6 says how to check them without trusting this document.</footer>
        </body>
        </html>

        """####,
        "report.md.mustache": ####"""
        {{% CONTENT_TYPE: MARKDOWN}}
        # Audit report: {{summary.model}}

        Ledger `{{ledger.origin}}` ({{ledger.size}} entries) · scope: {{scopeText}} · generated {{generatedAt}} by {{generator}} · schema {{schema}} · templates {{templatesText}}

        ## 1. Summary

        | | |
        | --- | --- |
        | Model | {{summary.model}} |
        | Purpose | {{summary.purpose}} |
        | Owner | {{summary.owner}} |
        | Risk tier | {{summary.riskTier}} |
        | Scoping | {{#summary.scoping}}{{text}} (entry {{entry}}, {{actor}}: {{rationale}}{{#euAIActRationale}}; EU AI Act: {{euAIActRationale}}{{/euAIActRationale}}){{/summary.scoping}}{{^summary.scoping}}not recorded (attest model scope){{/summary.scoping}} |
        | Created | {{summary.created}} (entry {{summary.createdEntry}}) |
        | Record | {{summary.counts.entries}} entries · {{summary.counts.evaluations}} evaluations · {{summary.counts.monitoring}} monitoring results · {{summary.counts.reviews}} reviews · {{summary.counts.decisions}} decisions ({{summary.counts.overrides}} by override) · {{summary.counts.refusals}} refused actions |

        | Version | Stage | Since | Status | Registered by | Aliases | Deployments |
        | --- | --- | --- | --- | --- | --- | --- |
        {{#summary.versions}}
        | v{{version}} (entry {{registeredEntry}}) | {{stage}} | {{stageSince}} | {{status}} | {{registrant}} | {{#aliases}}{{.}} {{/aliases}} | {{#deployments}}{{environment}} {{traffic}}% {{/deployments}} |
        {{/summary.versions}}

        ### Serving

        {{#hasServing}}
        | Version | Serving | Stage | Requires | Entry | Backed |
        | --- | --- | --- | --- | --- | --- |
        {{#serving}}
        | v{{version}} | {{^backed}}**{{/backed}}{{what}}{{^backed}}**{{/backed}} | {{stage}} | {{required}} | {{entry}} | {{^backed}}**{{/backed}}{{backing}}{{^backed}}**{{/backed}} |
        {{/serving}}
        {{/hasServing}}
        {{^hasServing}}
        No deployment or alias.
        {{/hasServing}}

        ### Open issues

        {{#summary.openIssues}}
        - **{{kind}}**{{#version}} v{{version}}{{/version}}: {{detail}} (entries {{#entries}}{{.}} {{/entries}})
        {{/summary.openIssues}}
        {{^hasOpenIssues}}
        None: no pending or stale approvals, failed gates, overrides, refusals, drift above the bound, or unbacked deployments and aliases.
        {{/hasOpenIssues}}

        ## 2. Lineage

        {{{mermaid}}}

        {{#lineage}}
        ### v{{version}}{{#parent}} (parent v{{parent}}){{/parent}} · {{stage}} · registered by {{registrant}} in entry {{entry}}

        | Kind | Name | Digest | Bytes |
        | --- | --- | --- | --- |
        {{#artifacts}}
        | artifact | {{name}} | `{{digest}}` | {{size}} |
        {{/artifacts}}
        {{#datasets}}
        | dataset ({{role}}) | {{name}} | `{{digest}}` | {{size}} |
        {{/datasets}}
        {{#code}}
        | code | {{repository}} | `{{commit}}`{{#dirty}} (dirty working tree){{/dirty}} | |
        {{/code}}

        {{#framework}}Framework {{framework}}. {{/framework}}{{^empty(params)}}Parameters: {{/empty(params)}}{{#params}}{{name}}={{value}} {{/params}}{{^empty(claimedMetrics)}}· Claimed metrics: {{/empty(claimedMetrics)}}{{#claimedMetrics}}{{name}}={{value}} {{/claimedMetrics}}{{#environment}} · Environment ({{source}}{{#python}}, Python {{python}}{{/python}}{{#platform}}, {{platform}}{{/platform}}): {{packageCount}} packages{{#files}}, {{name}} `{{value}}`{{/files}}{{#gpus}}, GPU {{.}}{{/gpus}}{{/environment}}

        {{/lineage}}
        ## 3. Timeline

        Every entry about the model in scope, in log order; overrides, refusals and denials are flagged in bold.

        | Entry | When | Who (roles then) | What |
        | --- | --- | --- | --- |
        {{#timeline}}
        | {{entry}} | {{time}} | {{actor}} ({{rolesText}}) | {{#flag}}**{{flag}}** {{/flag}}{{summary}} (`{{type}}`) |
        {{/timeline}}

        ## 4. Evaluations

        {{^evaluations}}
        No evaluation is recorded in scope.
        {{/evaluations}}
        {{#evaluations}}
        ### Entry {{entry}}{{#version}} · v{{version}}{{/version}} · {{time}} · by {{actor}}

        {{#data}}Data ({{datasetRole}}): {{name}} `{{digest}}` ({{size}} bytes){{#lineageRole}} · recorded in the lineage as {{lineageRole}}{{/lineageRole}}.{{/data}} {{#task}}Task {{task}}.{{/task}} {{#evaluatedRows}}{{evaluatedRows}} rows evaluated, {{droppedRows}} dropped.{{/evaluatedRows}} {{#bootstrap}}Bootstrap: {{bootstrap}}.{{/bootstrap}}

        {{^empty(overall)}}
        | Metric (overall) | Value [95% interval] |
        | --- | --- |
        {{/empty(overall)}}
        {{#overall}}
        | {{name}} | {{text}} |
        {{/overall}}

        {{#groupings}}
        #### By {{title}}{{#isIntersection}} (intersection){{/isIntersection}}

        | Group | Rows |{{#metricNames}} {{.}} |{{/metricNames}}
        | --- | --- |{{#metricNames}} --- |{{/metricNames}}
        {{#groups}}
        | {{label}}{{#insufficient}} (below minimum size){{/insufficient}} | {{count}} |{{#cells}} {{text}} |{{/cells}}
        {{/groups}}

        {{^empty(disparities)}}
        | Disparity | Method | Value [95% interval] |
        | --- | --- | --- |
        {{/empty(disparities)}}
        {{#disparities}}
        | {{name}} | {{method}} {{aggregation}} | {{text}} |
        {{/disparities}}

        {{#fourFifths}}Four-fifths rule: ratio {{ratio}} (lowest {{lowestGroup}}, highest {{highestGroup}}), threshold {{threshold}}: {{#passes}}**passes**{{/passes}}{{^passes}}**fails or undefined**{{/passes}}.{{/fourFifths}}

        {{/groupings}}
        {{#curvesView}}
        {{#recorded}}
        #### Curves and confusion matrix

        Recorded with the evaluation: {{pointsText}}{{#noteText}}; {{noteText}}{{/noteText}}. The points are in the JSON report (evaluations[].curves).

        | Population | Rows | TP | FP | TN | FN |
        | --- | --- | --- | --- | --- | --- |
        {{#overallRow}}
        | {{label}} | {{rows}} | {{tp}} | {{fp}} | {{tn}} | {{fn}} |
        {{/overallRow}}
        {{#groupRows}}
        | {{column}} = {{label}} | {{rows}} | {{tp}} | {{fp}} | {{tn}} | {{fn}} |
        {{/groupRows}}

        {{#hasCalibration}}
        | Calibration bin | Mean score | Fraction positive | Rows |
        | --- | --- | --- | --- |
        {{/hasCalibration}}
        {{#calibration}}
        | {{range}} | {{meanScore}} | {{positiveRate}} | {{count}} |
        {{/calibration}}

        {{/recorded}}
        {{^recorded}}
        Curves and confusion matrix: {{missingText}}.

        {{/recorded}}
        {{/curvesView}}
        {{#payloadText}}
        Recorded payload: `{{payloadText}}`
        {{/payloadText}}
        {{/evaluations}}
        {{#monitoring}}
        ### Drift: entry {{entry}}{{#version}} · v{{version}}{{/version}} · {{time}} · by {{actor}}

        {{#reference}}Reference {{name}} `{{digest}}`. {{/reference}}{{#current}}Current {{name}} `{{digest}}`.{{/current}}

        | Column | Kind | PSI | Band | p-value | JS distance |
        | --- | --- | --- | --- | --- | --- |
        {{#columns}}
        | {{name}} | {{kind}} | {{psi}} | {{band}} | {{pValue}} | {{jsDistance}} |
        {{/columns}}

        {{/monitoring}}
        ## 5. Decisions and approvals

        ### Reviews

        {{^reviews}}
        No approval, rejection or withdrawal is recorded in scope.
        {{/reviews}}
        {{^empty(reviews)}}
        | Entry | When | Who (roles then) | What | Comment |
        | --- | --- | --- | --- | --- |
        {{/empty(reviews)}}
        {{#reviews}}
        | {{entry}} | {{time}} | {{actor}} ({{rolesText}}) | {{type}}{{#version}} v{{version}}{{/version}}{{#stage}} for {{stage}}{{/stage}}{{#expires}}, expires {{expires}}{{/expires}} | {{comment}} |
        {{/reviews}}

        ### Promotion decisions

        {{^decisions}}
        No promotion decision is recorded in scope.
        {{/decisions}}
        {{#decisions}}
        **Entry {{entry}}** · {{time}} · {{#version}}v{{version}} {{/version}}{{fromStage}} → {{toStage}} · requested by {{actor}} ({{rolesText}}) · **{{resultText}}**

        Policy set {{#policySetHash}}`{{policySetHash}}`{{/policySetHash}}{{^policySetHash}}hash not recorded{{/policySetHash}}{{#policyEntry}} (published in entry {{policyEntry}}){{/policyEntry}} · policies: {{#policies}}{{.}} {{/policies}} · cites entries {{citedText}}

        {{#justification}}
        Override justification: {{justification}}
        {{/justification}}
        {{#reasons}}
        - {{.}}
        {{/reasons}}

        {{#regulationText}}
        Requirements in force then: {{regulationText}}

        {{/regulationText}}
        {{^empty(rules)}}
        | Rule | Kind / enforcement | Status | Observed | Bound | Why |
        | --- | --- | --- | --- | --- | --- |
        {{/empty(rules)}}
        {{#rules}}
        | {{ruleID}} ({{policy}}) | {{kind}} / {{enforcement}} | **{{status}}** | {{observed}} | {{bound}} | {{message}}{{#override}} Overridden by {{override}}.{{/override}}{{#hasApprovals}} Approvals required: {{approvalsRequired}}; counted: {{#approvalsCounted}}{{actor}} (entry {{entry}}) {{/approvalsCounted}}{{^empty(approvalsSetAside)}}; set aside: {{/empty(approvalsSetAside)}}{{#approvalsSetAside}}{{actor}} (entry {{entry}}, {{reason}}: {{detail}}) {{/approvalsSetAside}}{{/hasApprovals}} |
        {{/rules}}

        {{#payloadText}}
        Recorded payload (not yet in a known form): `{{payloadText}}`
        {{/payloadText}}

        {{/decisions}}
        {{#policies}}
        Policy set published in entry {{entry}} at {{time}} by {{actor}}{{#hash}}: `{{hash}}`{{/hash}}
        {{#files}}
        - {{name}} `{{value}}`
        {{/files}}

        {{/policies}}
        {{^empty(policyChanges)}}
        ### Policy changes between registration and decisions

        {{#policyChanges}}
        - Entry {{entry}} at {{time}} by {{publisher}} (`{{hash}}`); approved by {{#approvers}}{{.}} {{/approvers}}({{quorum}} needed); {{#effective}}in force from entry {{effective}}{{/effective}}{{^effective}}never in force{{/effective}}
        {{#changes}}
          - {{.}}
        {{/changes}}
        {{/policyChanges}}

        {{/empty(policyChanges)}}
        {{^empty(evidence)}}
        ### Evidence documents

        | Entry | Version | Kind | File | Digest | Stored |
        | --- | --- | --- | --- | --- | --- |
        {{/empty(evidence)}}
        {{#evidence}}
        | {{entry}} | {{version}} | {{kind}} | {{#file}}{{name}}{{/file}} | {{#file}}`{{digest}}`{{/file}} | {{#stored}}yes{{/stored}}{{^stored}}no{{/stored}} |
        {{/evidence}}

        ## 6. Integrity

        Result: **{{integrity.resultText}}** · {{integrity.entriesChecked}} cited entries · {{integrity.signaturesValid}} signatures valid · {{integrity.proofsValid}} inclusion proofs valid · checkpoint signature {{#integrity.checkpointSignatureValid}}valid{{/integrity.checkpointSignatureValid}}{{^integrity.checkpointSignatureValid}}**not verified**{{/integrity.checkpointSignatureValid}}

        {{#integrity.problems}}
        - **{{.}}**
        {{/integrity.problems}}

        {{integrity.timeSource}}

        The checkpoint used, verbatim (a C2SP signed note; log key `{{ledger.logKey}}`):

        {{{checkpointBlock}}}

        How to repeat the check:

        {{#integrity.howToRepeat}}
        1. {{.}}
        {{/integrity.howToRepeat}}

        | Entry | Type | Signer | Signature | Inclusion | Leaf hash (SHA-256) |
        | --- | --- | --- | --- | --- | --- |
        {{#integrity.entries}}
        | {{entry}} | {{type}} | {{signer}} | {{signature}} | {{inclusion}} | `{{leafHash}}` |
        {{/integrity.entries}}

        ## 7. Regulatory mapping

        For each requirement cited, the evidence in this report that answers it, or "not evidenced". The mapping is data (reports/regulatory-mapping.json); it is not legal advice.

        {{#regulatory}}
        ### {{name}}

        {{#from}}Applies from {{from}}{{/from}}{{#until}} until {{until}}{{/until}}{{^inForce}} · **not in force on the report's date**: it answers for decisions made while it was{{/inForce}}{{#note}} · {{note}}{{/note}}

        | Requirement | Status | Evidence in this report |
        | --- | --- | --- |
        {{#requirements}}
        | **{{ref}}** {{title}}{{#from}} (applies from {{from}}{{#dateNote}}\*{{/dateNote}}){{/from}} | **{{status}}** | {{#evidence}}§{{section}}: {{description}}{{^empty(entries)}} (entries {{#entries}}{{.}} {{/entries}}){{/empty(entries)}}; {{/evidence}}{{#missingText}}Not found: {{missingText}}{{/missingText}} |
        {{/requirements}}

        {{#dateNotes}}
        \* {{.}}

        {{/dateNotes}}
        {{/regulatory}}
        ---
        Generated by {{generator}} at {{generatedAt}} from ledger {{ledger.origin}} of {{ledger.size}} entries. Every fact above is a signed entry of that ledger; section 6 says how to check them without trusting this document.

        """####,
    ]
}
