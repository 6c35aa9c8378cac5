//! Throwaway PostgreSQL clusters (placeholder, being written).
