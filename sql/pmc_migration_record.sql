-- Records an applied migration; $1 = version, $2 = name, $3 = pmc version.
INSERT INTO pmc.migrations (version, name, pmc_version) VALUES ($1, $2, $3)
