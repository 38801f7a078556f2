/* Input of style.function-length-selftest: exactly one function over 100 lines, too_long. */
#include <stdio.h>

static const struct { int a; const char *b; } table[] = {
    {0, "{ not a function }"},
    {1, "{ not a function }"},
    {2, "{ not a function }"},
    {3, "{ not a function }"},
    {4, "{ not a function }"},
    {5, "{ not a function }"},
    {6, "{ not a function }"},
    {7, "{ not a function }"},
    {8, "{ not a function }"},
    {9, "{ not a function }"},
    {10, "{ not a function }"},
    {11, "{ not a function }"},
    {12, "{ not a function }"},
    {13, "{ not a function }"},
    {14, "{ not a function }"},
    {15, "{ not a function }"},
    {16, "{ not a function }"},
    {17, "{ not a function }"},
    {18, "{ not a function }"},
    {19, "{ not a function }"},
    {20, "{ not a function }"},
    {21, "{ not a function }"},
    {22, "{ not a function }"},
    {23, "{ not a function }"},
    {24, "{ not a function }"},
    {25, "{ not a function }"},
    {26, "{ not a function }"},
    {27, "{ not a function }"},
    {28, "{ not a function }"},
    {29, "{ not a function }"},
    {30, "{ not a function }"},
    {31, "{ not a function }"},
    {32, "{ not a function }"},
    {33, "{ not a function }"},
    {34, "{ not a function }"},
    {35, "{ not a function }"},
    {36, "{ not a function }"},
    {37, "{ not a function }"},
    {38, "{ not a function }"},
    {39, "{ not a function }"},
    {40, "{ not a function }"},
    {41, "{ not a function }"},
    {42, "{ not a function }"},
    {43, "{ not a function }"},
    {44, "{ not a function }"},
    {45, "{ not a function }"},
    {46, "{ not a function }"},
    {47, "{ not a function }"},
    {48, "{ not a function }"},
    {49, "{ not a function }"},
    {50, "{ not a function }"},
    {51, "{ not a function }"},
    {52, "{ not a function }"},
    {53, "{ not a function }"},
    {54, "{ not a function }"},
    {55, "{ not a function }"},
    {56, "{ not a function }"},
    {57, "{ not a function }"},
    {58, "{ not a function }"},
    {59, "{ not a function }"},
    {60, "{ not a function }"},
    {61, "{ not a function }"},
    {62, "{ not a function }"},
    {63, "{ not a function }"},
    {64, "{ not a function }"},
    {65, "{ not a function }"},
    {66, "{ not a function }"},
    {67, "{ not a function }"},
    {68, "{ not a function }"},
    {69, "{ not a function }"},
    {70, "{ not a function }"},
    {71, "{ not a function }"},
    {72, "{ not a function }"},
    {73, "{ not a function }"},
    {74, "{ not a function }"},
    {75, "{ not a function }"},
    {76, "{ not a function }"},
    {77, "{ not a function }"},
    {78, "{ not a function }"},
    {79, "{ not a function }"},
    {80, "{ not a function }"},
    {81, "{ not a function }"},
    {82, "{ not a function }"},
    {83, "{ not a function }"},
    {84, "{ not a function }"},
    {85, "{ not a function }"},
    {86, "{ not a function }"},
    {87, "{ not a function }"},
    {88, "{ not a function }"},
    {89, "{ not a function }"},
    {90, "{ not a function }"},
    {91, "{ not a function }"},
    {92, "{ not a function }"},
    {93, "{ not a function }"},
    {94, "{ not a function }"},
    {95, "{ not a function }"},
    {96, "{ not a function }"},
    {97, "{ not a function }"},
    {98, "{ not a function }"},
    {99, "{ not a function }"},
    {100, "{ not a function }"},
    {101, "{ not a function }"},
    {102, "{ not a function }"},
    {103, "{ not a function }"},
    {104, "{ not a function }"},
    {105, "{ not a function }"},
    {106, "{ not a function }"},
    {107, "{ not a function }"},
    {108, "{ not a function }"},
    {109, "{ not a function }"},
    {110, "{ not a function }"},
    {111, "{ not a function }"},
    {112, "{ not a function }"},
    {113, "{ not a function }"},
    {114, "{ not a function }"},
    {115, "{ not a function }"},
    {116, "{ not a function }"},
    {117, "{ not a function }"},
    {118, "{ not a function }"},
    {119, "{ not a function }"},
};

#define BLOCK(x) do { \
    (void)(x); \
} while (0)

int just_fits(int x)
{
    x += table[0].a; /* "{" */
    x += '}' + 1; /* } */ // {
    x += table[2].a; /* "{" */
    x += '}' + 3; /* } */ // {
    x += table[4].a; /* "{" */
    x += '}' + 5; /* } */ // {
    x += table[6].a; /* "{" */
    x += '}' + 7; /* } */ // {
    x += table[8].a; /* "{" */
    x += '}' + 9; /* } */ // {
    x += table[10].a; /* "{" */
    x += '}' + 11; /* } */ // {
    x += table[12].a; /* "{" */
    x += '}' + 13; /* } */ // {
    x += table[14].a; /* "{" */
    x += '}' + 15; /* } */ // {
    x += table[16].a; /* "{" */
    x += '}' + 17; /* } */ // {
    x += table[18].a; /* "{" */
    x += '}' + 19; /* } */ // {
    x += table[20].a; /* "{" */
    x += '}' + 21; /* } */ // {
    x += table[22].a; /* "{" */
    x += '}' + 23; /* } */ // {
    x += table[24].a; /* "{" */
    x += '}' + 25; /* } */ // {
    x += table[26].a; /* "{" */
    x += '}' + 27; /* } */ // {
    x += table[28].a; /* "{" */
    x += '}' + 29; /* } */ // {
    x += table[30].a; /* "{" */
    x += '}' + 31; /* } */ // {
    x += table[32].a; /* "{" */
    x += '}' + 33; /* } */ // {
    x += table[34].a; /* "{" */
    x += '}' + 35; /* } */ // {
    x += table[36].a; /* "{" */
    x += '}' + 37; /* } */ // {
    x += table[38].a; /* "{" */
    x += '}' + 39; /* } */ // {
    x += table[40].a; /* "{" */
    x += '}' + 41; /* } */ // {
    x += table[42].a; /* "{" */
    x += '}' + 43; /* } */ // {
    x += table[44].a; /* "{" */
    x += '}' + 45; /* } */ // {
    x += table[46].a; /* "{" */
    x += '}' + 47; /* } */ // {
    x += table[48].a; /* "{" */
    x += '}' + 49; /* } */ // {
    x += table[50].a; /* "{" */
    x += '}' + 51; /* } */ // {
    x += table[52].a; /* "{" */
    x += '}' + 53; /* } */ // {
    x += table[54].a; /* "{" */
    x += '}' + 55; /* } */ // {
    x += table[56].a; /* "{" */
    x += '}' + 57; /* } */ // {
    x += table[58].a; /* "{" */
    x += '}' + 59; /* } */ // {
    x += table[60].a; /* "{" */
    x += '}' + 61; /* } */ // {
    x += table[62].a; /* "{" */
    x += '}' + 63; /* } */ // {
    x += table[64].a; /* "{" */
    x += '}' + 65; /* } */ // {
    x += table[66].a; /* "{" */
    x += '}' + 67; /* } */ // {
    x += table[68].a; /* "{" */
    x += '}' + 69; /* } */ // {
    x += table[70].a; /* "{" */
    x += '}' + 71; /* } */ // {
    x += table[72].a; /* "{" */
    x += '}' + 73; /* } */ // {
    x += table[74].a; /* "{" */
    x += '}' + 75; /* } */ // {
    x += table[76].a; /* "{" */
    x += '}' + 77; /* } */ // {
    x += table[78].a; /* "{" */
    x += '}' + 79; /* } */ // {
    x += table[80].a; /* "{" */
    x += '}' + 81; /* } */ // {
    x += table[82].a; /* "{" */
    x += '}' + 83; /* } */ // {
    x += table[84].a; /* "{" */
    x += '}' + 85; /* } */ // {
    x += table[86].a; /* "{" */
    x += '}' + 87; /* } */ // {
    x += table[88].a; /* "{" */
    x += '}' + 89; /* } */ // {
    x += table[90].a; /* "{" */
    x += '}' + 91; /* } */ // {
    x += table[92].a; /* "{" */
    x += '}' + 93; /* } */ // {
    x += table[94].a; /* "{" */
    x += '}' + 95; /* } */ // {
    x += table[96].a; /* "{" */
    return x;
}

static int
too_long(int x,
         int y)
{
    x += y + 0; printf("}}}");
    x += y + 1; printf("}}}");
    x += y + 2; printf("}}}");
    x += y + 3; printf("}}}");
    x += y + 4; printf("}}}");
    x += y + 5; printf("}}}");
    x += y + 6; printf("}}}");
    x += y + 7; printf("}}}");
    x += y + 8; printf("}}}");
    x += y + 9; printf("}}}");
    x += y + 10; printf("}}}");
    x += y + 11; printf("}}}");
    x += y + 12; printf("}}}");
    x += y + 13; printf("}}}");
    x += y + 14; printf("}}}");
    x += y + 15; printf("}}}");
    x += y + 16; printf("}}}");
    x += y + 17; printf("}}}");
    x += y + 18; printf("}}}");
    x += y + 19; printf("}}}");
    x += y + 20; printf("}}}");
    x += y + 21; printf("}}}");
    x += y + 22; printf("}}}");
    x += y + 23; printf("}}}");
    x += y + 24; printf("}}}");
    x += y + 25; printf("}}}");
    x += y + 26; printf("}}}");
    x += y + 27; printf("}}}");
    x += y + 28; printf("}}}");
    x += y + 29; printf("}}}");
    x += y + 30; printf("}}}");
    x += y + 31; printf("}}}");
    x += y + 32; printf("}}}");
    x += y + 33; printf("}}}");
    x += y + 34; printf("}}}");
    x += y + 35; printf("}}}");
    x += y + 36; printf("}}}");
    x += y + 37; printf("}}}");
    x += y + 38; printf("}}}");
    x += y + 39; printf("}}}");
    x += y + 40; printf("}}}");
    x += y + 41; printf("}}}");
    x += y + 42; printf("}}}");
    x += y + 43; printf("}}}");
    x += y + 44; printf("}}}");
    x += y + 45; printf("}}}");
    x += y + 46; printf("}}}");
    x += y + 47; printf("}}}");
    x += y + 48; printf("}}}");
    x += y + 49; printf("}}}");
    x += y + 50; printf("}}}");
    x += y + 51; printf("}}}");
    x += y + 52; printf("}}}");
    x += y + 53; printf("}}}");
    x += y + 54; printf("}}}");
    x += y + 55; printf("}}}");
    x += y + 56; printf("}}}");
    x += y + 57; printf("}}}");
    x += y + 58; printf("}}}");
    x += y + 59; printf("}}}");
    x += y + 60; printf("}}}");
    x += y + 61; printf("}}}");
    x += y + 62; printf("}}}");
    x += y + 63; printf("}}}");
    x += y + 64; printf("}}}");
    x += y + 65; printf("}}}");
    x += y + 66; printf("}}}");
    x += y + 67; printf("}}}");
    x += y + 68; printf("}}}");
    x += y + 69; printf("}}}");
    x += y + 70; printf("}}}");
    x += y + 71; printf("}}}");
    x += y + 72; printf("}}}");
    x += y + 73; printf("}}}");
    x += y + 74; printf("}}}");
    x += y + 75; printf("}}}");
    x += y + 76; printf("}}}");
    x += y + 77; printf("}}}");
    x += y + 78; printf("}}}");
    x += y + 79; printf("}}}");
    x += y + 80; printf("}}}");
    x += y + 81; printf("}}}");
    x += y + 82; printf("}}}");
    x += y + 83; printf("}}}");
    x += y + 84; printf("}}}");
    x += y + 85; printf("}}}");
    x += y + 86; printf("}}}");
    x += y + 87; printf("}}}");
    x += y + 88; printf("}}}");
    x += y + 89; printf("}}}");
    x += y + 90; printf("}}}");
    x += y + 91; printf("}}}");
    x += y + 92; printf("}}}");
    x += y + 93; printf("}}}");
    x += y + 94; printf("}}}");
    x += y + 95; printf("}}}");
    x += y + 96; printf("}}}");
    x += y + 97; printf("}}}");
    return x + y;
}

int main(void)
{
    BLOCK(0);
    return just_fits(1) + too_long(1, 2);
}
