using Microsoft.ML;
using Microsoft.ML.Data;

namespace Modelplane.Serving.MlNet;

/// <summary>A read-only ML.NET data view over the rows of one request, so the shared transformer can score them.</summary>
internal sealed class RequestDataView(DataViewSchema schema, RequestColumn[] columns, long rows) : IDataView
{
    public DataViewSchema Schema => schema;

    private RequestColumn[] Columns => columns;

    public bool CanShuffle => false;

    public long? GetRowCount() => rows;

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null) =>
        new Cursor(this);

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
        [new Cursor(this)];

    private sealed class Cursor(RequestDataView view) : DataViewRowCursor
    {
        private long _position = -1;

        public override long Position => _position;

        public override long Batch => 0;

        public override DataViewSchema Schema => view.Schema;

        public override bool MoveNext()
        {
            if (_position + 1 >= view.GetRowCount())
            {
                _position = view.GetRowCount()!.Value;
                return false;
            }

            _position++;
            return true;
        }

        public override bool IsColumnActive(DataViewSchema.Column column) => true;

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column) =>
            view.Columns[column.Index].Getter(() => _position) as ValueGetter<TValue>
            ?? throw new InvalidOperationException($"Column '{column.Name}' is not of type {typeof(TValue).Name}.");

        public override ValueGetter<DataViewRowId> GetIdGetter() =>
            (ref DataViewRowId id) => id = new DataViewRowId((ulong)_position, 0);
    }
}
