resource "microsoft365wp_conditional_access_policy" "passwordless" {
  display_name = "Passwordless for staff"
  state        = "enabled"
  conditions = {
    applications = { include_applications = ["All"] }
    users        = { include_users = ["All"] }
  }
  grant_controls = {
    operator                = "OR"
    authentication_strength = { id = "00000000-0000-0000-0000-000000000003" } # expect: EU023
  }
}
