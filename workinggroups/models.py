"""Local security working groups (issue 4 builds them here)."""
