package kinesisapi

import (
	"context"

	"github.com/kinesim/kinesim/awssdk/internal/wire"
	"github.com/kinesim/kinesim/channel"
)

type streamFilter struct {
	StreamARN               string         `json:"StreamARN"`
	StreamCreationTimestamp wire.Timestamp `json:"StreamCreationTimestamp"`
}

type listChannelsInput struct {
	MaxResults   *int           `json:"MaxResults"`
	NextToken    string         `json:"NextToken"`
	StreamFilter []streamFilter `json:"StreamFilter"`
}

type channelStreamIdentifier struct {
	StreamARN               string         `json:"StreamARN"`
	StreamCreationTimestamp wire.Timestamp `json:"StreamCreationTimestamp"`
}

type channelSummary struct {
	ChannelARN               string                         `json:"ChannelARN"`
	ChannelCreationTimestamp wire.Timestamp                 `json:"ChannelCreationTimestamp"`
	ChannelDestinationType   channel.ChannelDestinationType `json:"ChannelDestinationType"`
	ChannelId                string                         `json:"ChannelId"`
	ChannelName              string                         `json:"ChannelName"`
	ChannelStatus            channel.ChannelStatus          `json:"ChannelStatus"`
	ChannelStatusReason      string                         `json:"ChannelStatusReason,omitempty"`
	Streams                  []channelStreamIdentifier      `json:"Streams"`
}

type listChannelsOutput struct {
	ChannelSummaries []channelSummary `json:"ChannelSummaries"`
	NextToken        string           `json:"NextToken,omitempty"`
}

func (a channelAPI) listChannels(ctx context.Context, in *listChannelsInput) (*listChannelsOutput, error) {
	q := channel.ListChannelsInput{MaxResults: sentInt(in.MaxResults), NextToken: in.NextToken}
	for _, f := range in.StreamFilter {
		q.StreamFilter = append(q.StreamFilter, channel.StreamFilter{StreamARN: f.StreamARN, StreamCreationTimestamp: f.StreamCreationTimestamp.Time})
	}
	l, err := a.c.ListChannels(ctx, q)
	if err != nil {
		return nil, err
	}
	out := &listChannelsOutput{ChannelSummaries: make([]channelSummary, len(l.ChannelSummaries)), NextToken: l.NextToken}
	for i, s := range l.ChannelSummaries {
		out.ChannelSummaries[i] = channelSummary{ChannelARN: s.ChannelARN, ChannelCreationTimestamp: wire.At(s.ChannelCreationTimestamp),
			ChannelDestinationType: s.ChannelDestinationType, ChannelId: s.ChannelId, ChannelName: s.ChannelName,
			ChannelStatus: s.ChannelStatus, ChannelStatusReason: s.ChannelStatusReason,
			Streams: make([]channelStreamIdentifier, len(s.Streams))}
		for j, st := range s.Streams {
			out.ChannelSummaries[i].Streams[j] = channelStreamIdentifier{StreamARN: st.StreamARN, StreamCreationTimestamp: wire.At(st.StreamCreationTimestamp)}
		}
	}
	return out, nil
}
