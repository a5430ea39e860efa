/* #pragma scalar_storage_order (C only). */
#pragma scalar_storage_order big-endian
struct s { int i; };
#pragma scalar_storage_order default
struct s v = {1};
