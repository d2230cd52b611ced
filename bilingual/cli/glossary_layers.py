"""CLI commands: ``bilingual glossary path|init`` — the glossary layers in force."""

from __future__ import annotations
