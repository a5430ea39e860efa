/* A pragma the preprocessor carries out, and no line marker of this file after it. */
int extname_pad;
#pragma redefine_extname oldname newname
