namespace KappaAspire.Inference.Scoring;

/// <summary>
/// At-least-once bookkeeping for one input partition: which consumed offsets have had their output (prediction or
/// dead letter) acknowledged by Kafka, and so how far the group may commit.
/// </summary>
/// <remarks>
/// Outputs of one partition go to several output partitions and are acknowledged out of order, so the safe position
/// is the first offset still in flight (or failed), not the last acknowledged one. Records are tracked in consume
/// order in a ring; <see cref="Track"/> runs on the consume loop, <see cref="Acknowledge"/> and <see cref="Fail"/> on
/// the producer's delivery thread.
/// </remarks>
internal sealed class PartitionProgress
{
    private const byte InFlight = 0;
    private const byte Acknowledged = 1;
    private const byte Failed = 2;

    private readonly Lock _lock = new();
    private long[] _offsets = new long[1024];
    private byte[] _states = new byte[1024];
    private long _head;           // sequence of the oldest tracked record not yet acknowledged
    private long _tail;           // sequence the next tracked record gets
    private long _nextOffset;     // offset after the last tracked record; the safe position when nothing is in flight
    private bool _failed;

    /// <param name="startOffset">Where consumption starts (the committed offset), or -1 when not known yet.</param>
    public PartitionProgress(long startOffset)
    {
        _nextOffset = startOffset;
    }

    /// <summary>Registers a consumed record before its output is produced; returns the ticket to acknowledge it with.</summary>
    public long Track(long offset)
    {
        lock (_lock)
        {
            if (_tail - _head == _offsets.Length)
            {
                Grow();
            }

            var slot = (int)(_tail & (_offsets.Length - 1));
            _offsets[slot] = offset;
            _states[slot] = InFlight;
            _nextOffset = offset + 1;
            return _tail++;
        }
    }

    public void Acknowledge(long ticket)
    {
        lock (_lock)
        {
            if (ticket < _head || ticket >= _tail)
            {
                return;
            }

            var mask = _offsets.Length - 1;
            _states[(int)(ticket & mask)] = Acknowledged;
            while (_head < _tail && _states[(int)(_head & mask)] == Acknowledged)
            {
                _head++;
            }
        }
    }

    /// <summary>Marks an output Kafka refused: the safe position never passes it. Returns true for the first failure.</summary>
    public bool Fail(long ticket)
    {
        lock (_lock)
        {
            if (ticket >= _head && ticket < _tail)
            {
                _states[(int)(ticket & (_offsets.Length - 1))] = Failed;
            }

            var first = !_failed;
            _failed = true;
            return first;
        }
    }

    /// <summary>True once an output failed: the partition must be re-read from <see cref="SafePosition"/>.</summary>
    public bool HasFailed
    {
        get
        {
            lock (_lock)
            {
                return _failed;
            }
        }
    }

    /// <summary>
    /// The offset to commit: every record before it has its output acknowledged. -1 when nothing was consumed and the
    /// start is unknown.
    /// </summary>
    public long SafePosition
    {
        get
        {
            lock (_lock)
            {
                return _head < _tail ? _offsets[(int)(_head & (_offsets.Length - 1))] : _nextOffset;
            }
        }
    }

    /// <summary>Records consumed whose output is not acknowledged yet.</summary>
    public long InFlightCount
    {
        get
        {
            lock (_lock)
            {
                return _tail - _head;
            }
        }
    }

    private void Grow()
    {
        var oldMask = _offsets.Length - 1;
        var offsets = new long[_offsets.Length * 2];
        var states = new byte[_offsets.Length * 2];
        var newMask = offsets.Length - 1;
        for (var sequence = _head; sequence < _tail; sequence++)
        {
            offsets[(int)(sequence & newMask)] = _offsets[(int)(sequence & oldMask)];
            states[(int)(sequence & newMask)] = _states[(int)(sequence & oldMask)];
        }

        _offsets = offsets;
        _states = states;
    }
}
