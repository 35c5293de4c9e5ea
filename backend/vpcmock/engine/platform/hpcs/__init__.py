"""Hyper Protect Crypto Services: the Unified Key Orchestrator's rules (uko.py) over the generic
engine's documents of the `hpcs_uko` table (vaults, key templates, keystores, managed keys)."""
