// Generated from the rule catalog by `RESIDENCY_UPDATE_DOCS=1 cargo test --test docs`; do not edit.

export interface RuleInfo {
  code: string;
  name: string;
  severity: string;
  summary: string;
}

/** The catalog, for when the executable cannot list it (`residency rules --format json`). */
export const STATIC_RULES: RuleInfo[] = [
  { code: "E001", name: "syntax-error", severity: "error", summary: "The file does not parse there (the rest of the file is still checked)." },
  { code: "E002", name: "unreadable-file", severity: "error", summary: "The file cannot be read or decoded (not UTF-8, binary, over the size limit), or a folder cannot be listed." },
  { code: "E003", name: "unexplained-suppression", severity: "warning", summary: "A suppression comment without a reason, or naming no or an unknown rule code." },
  { code: "E004", name: "expired-waiver", severity: "warning", summary: "A waiver in `.residency.yaml`, or a suppression comment, whose `expires` day has passed: the findings it silenced are reported again." },
  { code: "E005", name: "unused-waiver", severity: "warning", summary: "A waiver in `.residency.yaml` that matches no finding of the files under it: remove it, or correct its rule, resource or path." },
  { code: "EU001", name: "b2c-tenant-outside-europe", severity: "error", summary: "Azure AD B2C tenant whose data residency location is not Europe." },
  { code: "EU002", name: "tenant-country-outside-eu-boundary", severity: "warning", summary: "B2C or External ID tenant in Europe whose country code is outside the EU and EFTA (matters under the eu-data-boundary profile)." },
  { code: "EU003", name: "b2c-config-stored-in-us", severity: "info", summary: "Any B2C tenant, user flow, custom policy set or key container: policy configuration and key containers are stored in US datacenters." },
  { code: "EU004", name: "external-id-tenant-outside-europe", severity: "error", summary: "Microsoft Entra External ID (CIAM) tenant outside Europe." },
  { code: "EU010", name: "domain-services-outside-europe", severity: "error", summary: "Domain Services managed domain, replica set, or the virtual network of its subnet, in a region outside the boundary." },
  { code: "EU020", name: "mfa-phone-methods", severity: "warning", summary: "SMS or voice MFA enabled: global telephony providers may route calls and texts outside Europe (seed: from US datacenters)." },
  { code: "EU021", name: "mfa-push-notifications", severity: "warning", summary: "Authenticator push enabled: Apple and Google push services may be outside Europe; MFA logs are kept in North America and/or the geo (seed: from US datacenters)." },
  { code: "EU022", name: "mfa-oath-codes", severity: "warning", summary: "OATH software or hardware tokens enabled: the 2019 page says codes are validated in the US; the current page no longer says where." },
  { code: "EU023", name: "mfa-methods-unrestricted", severity: "warning", summary: "A conditional access policy requires MFA without an authentication strength (or with one that allows them), so phone, push and OATH remain allowed." },
  { code: "EU030", name: "b2b-invitation-stored-in-us", severity: "warning", summary: "B2B invitation: redeem link and redirect URL (and unsubscribe list) stored in US datacenters." },
  { code: "EU031", name: "b2b-collaboration-outside-europe", severity: "info", summary: "Cross-tenant access allows collaboration with other Microsoft clouds or partner tenants: user data is copied into tenants that may be outside Europe." },
  { code: "EU040", name: "identity-logs-outside-europe", severity: "error", summary: "Export of Entra sign-in and audit logs, or of a Domain Services managed domain's security logs, to a workspace, storage account or event hub outside the boundary." },
  { code: "EU041", name: "b2c-journey-telemetry", severity: "warning", summary: "A B2C custom policy sends user-journey events, with claims (personal data), to Application Insights: prove that resource's region." },
  { code: "EU050", name: "app-access-to-identity-data", severity: "info", summary: "An application granted access to directory data: its own processing must be evaluated." },
  { code: "EU051", name: "claims-to-external-endpoint", severity: "info", summary: "A B2C policy or API connector sends claims to an external endpoint: they are processed wherever that service runs." },
  { code: "EU060", name: "exchange-federation", severity: "info", summary: "Exchange federation trust: AppID, federated domains and token-signing key stored outside Europe." },
  { code: "EU090", name: "location-not-provable", severity: "warning", summary: "A value that decides where an identity resource's data lives (a location, a replica set, a subnet's virtual network, a log destination) that cannot be resolved statically; each on its own (shows the chain)." },
  { code: "EU091", name: "unknown-region", severity: "error", summary: "A location string that is not an Azure region (typo), with a did-you-mean fix." },
];
