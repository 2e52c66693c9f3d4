"""Tenancy, people, roles, children, the access policy and the audit trail: the base of every capability."""
