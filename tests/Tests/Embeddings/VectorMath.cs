namespace PowerAutomation.Tests.Embeddings;

internal static class VectorMath
{
    public static double Norm(float[] v) => Math.Sqrt(v.Sum(x => (double)x * x));

    public static double Cosine(float[] a, float[] b)
    {
        double dot = 0;
        for (var i = 0; i < a.Length; i++)
        {
            dot += (double)a[i] * b[i];
        }
        return dot / (Norm(a) * Norm(b));
    }

    public static double MaxAbsDifference(float[] a, float[] b)
    {
        Assert.Equal(a.Length, b.Length);
        return a.Zip(b, (x, y) => Math.Abs((double)x - y)).Max();
    }
}
