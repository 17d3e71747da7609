"""Tests of the benchmark tool and of the fast paths it measures."""
