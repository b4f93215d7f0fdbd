<#
  No federation here: New-FederationTrust is only mentioned in this comment.
#>
Get-Mailbox -ResultSize Unlimited | Set-Mailbox -RetainDeletedItemsFor 30
