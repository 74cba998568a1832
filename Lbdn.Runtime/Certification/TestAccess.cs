using System.Runtime.CompilerServices;

// The tests compare the lazy certificates with single exact propagations.
[assembly: InternalsVisibleTo("Lbdn.Tests")]
