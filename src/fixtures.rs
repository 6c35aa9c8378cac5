//! Deterministic store fixtures (placeholder, being written).
