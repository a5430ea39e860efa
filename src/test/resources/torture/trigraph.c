/* A trigraph: -trigraphs or a strict -std replaces it; otherwise -Wtrigraphs warns. */
const char *s = "??=";
