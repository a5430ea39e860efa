/* #ident and #sccs: a string in .comment. */
#ident "version 1.2"
#sccs "sccs 1.3"
int x = 1;
