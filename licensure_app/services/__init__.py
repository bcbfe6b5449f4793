"""Business rules and transactions as plain functions (no Reflex imports)."""
