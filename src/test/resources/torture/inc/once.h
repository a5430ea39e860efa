#pragma once
int once_var;
