package openai

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	goopenai "github.com/sashabaranov/go-openai"

	"github.com/anuvad/anuvad/providers"
)

// Modes of the provider (Options.Mode) and of asking again (BatchRetry).
const (
	ModeChat  = "chat"
	ModeBatch = "batch"
)

// Batch defaults. The Batch API takes at most 50,000 requests and 200 MB
// in one input file; the byte bound keeps a margin for the multipart
// framing.
const (
	DefaultBatchPoll        = 30 * time.Second
	DefaultBatchMaxRequests = 50000
	DefaultBatchMaxBytes    = 190 << 20
	// BatchWindow is the completion window asked for.
	BatchWindow = "24h"
)

// BatchMode implements providers.Batcher.
func (p *Provider) BatchMode() (providers.BatchSettings, bool) {
	return providers.BatchSettings{Poll: p.opt.BatchPoll, RetryByChat: p.opt.BatchRetry == ModeChat}, p.opt.Mode == ModeBatch
}

// batchLine encodes one line of an input file: the chat request of l with
// its custom id, the very body Translate would send.
func (p *Provider) batchLine(l providers.BatchLine) (goopenai.BatchChatCompletionRequest, []byte, error) {
	body, err := p.chatRequest(l.Request, providers.Indexes(len(l.Request.Segments)))
	if err != nil {
		return goopenai.BatchChatCompletionRequest{}, nil, err
	}
	item := goopenai.BatchChatCompletionRequest{CustomID: l.ID, Body: body, Method: http.MethodPost, URL: goopenai.BatchEndpointChatCompletions}
	return item, item.MarshalBatchLineItem(), nil
}

// PlanBatch implements providers.Batcher: groups of at most
// BatchMaxRequests lines and BatchMaxBytes bytes of JSONL.
func (p *Provider) PlanBatch(lines []providers.BatchLine) [][]providers.BatchLine {
	var out [][]providers.BatchLine
	var cur []providers.BatchLine
	size := 0
	for _, l := range lines {
		_, b, err := p.batchLine(l)
		n := len(b) + 1
		if err != nil {
			n = 0 // SubmitBatch reports it
		}
		if len(cur) > 0 && (len(cur) >= p.opt.BatchMaxRequests || size+n > p.opt.BatchMaxBytes) {
			out = append(out, cur)
			cur, size = nil, 0
		}
		cur = append(cur, l)
		size += n
	}
	if len(cur) > 0 {
		out = append(out, cur)
	}
	return out
}

// SubmitBatch implements providers.Batcher: it uploads lines as a JSONL
// file with purpose batch and creates a job on /v1/chat/completions with a
// 24h window.
func (p *Provider) SubmitBatch(ctx context.Context, lines []providers.BatchLine, tag string) (providers.BatchJob, error) {
	file := goopenai.UploadBatchFileRequest{FileName: "anuvad-batch.jsonl"}
	for _, l := range lines {
		item, _, err := p.batchLine(l)
		if err != nil {
			return providers.BatchJob{}, providers.Permanent(err)
		}
		file.Lines = append(file.Lines, item)
	}
	f, err := p.client.UploadBatchFile(ctx, file)
	if err != nil {
		return providers.BatchJob{}, fmt.Errorf("upload batch file: %w", p.classify(ctx, err, http.Header{}))
	}
	b, err := p.client.CreateBatch(ctx, goopenai.CreateBatchRequest{
		InputFileID:      f.ID,
		Endpoint:         goopenai.BatchEndpointChatCompletions,
		CompletionWindow: BatchWindow,
		Metadata:         map[string]any{"tool": "anuvad", tagKey: tag},
	})
	if err != nil {
		return providers.BatchJob{InputFile: f.ID}, fmt.Errorf("create batch job on %s: %w", f.ID, p.classify(ctx, err, http.Header{}))
	}
	return batchJob(b.Batch), nil
}

// tagKey is the metadata key of a job's submission tag.
const tagKey = "anuvad_submission"

// FindBatch implements providers.Batcher by listing the jobs, newest
// first, back to two days ago.
func (p *Provider) FindBatch(ctx context.Context, tag string) (providers.BatchJob, bool, error) {
	since := time.Now().Add(-48 * time.Hour).Unix()
	limit := 100
	var after *string
	for {
		page, err := p.client.ListBatch(ctx, after, &limit)
		if err != nil {
			return providers.BatchJob{}, false, fmt.Errorf("list batch jobs: %w", p.classify(ctx, err, http.Header{}))
		}
		for _, b := range page.Data {
			if t, ok := b.Metadata[tagKey].(string); ok && t == tag {
				return batchJob(b), true, nil
			}
		}
		if !page.HasMore || len(page.Data) == 0 || int64(page.Data[len(page.Data)-1].CreatedAt) < since {
			return providers.BatchJob{}, false, nil
		}
		last := page.Data[len(page.Data)-1].ID
		after = &last
	}
}

// BatchStatus implements providers.Batcher.
func (p *Provider) BatchStatus(ctx context.Context, id string) (providers.BatchJob, error) {
	b, err := p.client.RetrieveBatch(ctx, id)
	if err != nil {
		if status, _, ok := httpStatus(err); ok && status == http.StatusNotFound && p.batchesListed(ctx) {
			// The Batch API answers, but not for this job.
			return providers.BatchJob{}, fmt.Errorf("retrieve batch job %s: %w: %w", id, providers.ErrBatchNotFound, p.classify(ctx, err, http.Header{}))
		}
		return providers.BatchJob{}, fmt.Errorf("retrieve batch job %s: %w", id, p.classify(ctx, err, http.Header{}))
	}
	return batchJob(b.Batch), nil
}

// batchesListed reports whether the service lists batch jobs: a 404 for
// one job then means the job is unknown, not that base_url is wrong.
func (p *Provider) batchesListed(ctx context.Context) bool {
	one := 1
	_, err := p.client.ListBatch(ctx, nil, &one)
	return err == nil
}

// CancelBatch implements providers.Batcher.
func (p *Provider) CancelBatch(ctx context.Context, id string) (providers.BatchJob, error) {
	b, err := p.client.CancelBatch(ctx, id)
	if err != nil {
		return providers.BatchJob{}, fmt.Errorf("cancel batch job %s: %w", id, p.classify(ctx, err, http.Header{}))
	}
	return batchJob(b.Batch), nil
}

// batchJob converts the service's description of a job.
func batchJob(b goopenai.Batch) providers.BatchJob {
	j := providers.BatchJob{
		ID: b.ID, InputFile: b.InputFileID, Status: b.Status,
		Total: b.RequestCounts.Total, Completed: b.RequestCounts.Completed, Failed: b.RequestCounts.Failed,
	}
	if b.OutputFileID != nil {
		j.OutputFile = *b.OutputFileID
	}
	if b.ErrorFileID != nil {
		j.ErrorFile = *b.ErrorFileID
	}
	switch b.Status {
	case "completed", "failed", "expired", "cancelled":
		j.Finished = true
	}
	if b.Errors != nil {
		for _, e := range b.Errors.Data {
			msg := e.Code + ": " + e.Message
			if e.Line != nil {
				msg += fmt.Sprintf(" (line %d)", *e.Line)
			}
			j.Errors = append(j.Errors, msg)
		}
	}
	return j
}

// outputLine is one line of a job's output or error file.
type outputLine struct {
	CustomID string `json:"custom_id"`
	Response *struct {
		StatusCode int             `json:"status_code"`
		Body       json.RawMessage `json:"body"`
	} `json:"response"`
	Error *struct {
		Code    string `json:"code"`
		Message string `json:"message"`
	} `json:"error"`
}

// maxOutputLine bounds one line of an output file.
const maxOutputLine = 64 << 20

// BatchResults implements providers.Batcher. Each output line is validated
// exactly as a chat reply (ids matched, every segment answered, empty and
// unparseable content refused); error file lines and answers other than
// 200 fail their line as a whole.
func (p *Provider) BatchResults(ctx context.Context, job providers.BatchJob, lines []providers.BatchLine) (map[string]providers.BatchAnswer, error) {
	byID := make(map[string]providers.BatchLine, len(lines))
	for _, l := range lines {
		byID[l.ID] = l
	}
	out := map[string]providers.BatchAnswer{}
	for _, file := range []string{job.OutputFile, job.ErrorFile} {
		if file == "" {
			continue
		}
		raw, err := p.client.GetFileContent(ctx, file)
		if err != nil {
			return nil, fmt.Errorf("download %s of batch job %s: %w", file, job.ID, p.classify(ctx, err, http.Header{}))
		}
		err = p.readOutput(ctx, raw, byID, out)
		raw.Close()
		if err != nil {
			return nil, fmt.Errorf("openai: read %s of batch job %s: %w", file, job.ID, err)
		}
	}
	return out, nil
}

// readOutput validates the lines of one output or error file into out.
func (p *Provider) readOutput(ctx context.Context, r io.Reader, byID map[string]providers.BatchLine, out map[string]providers.BatchAnswer) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), maxOutputLine)
	n := 0
	for sc.Scan() {
		n++
		if strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		var ol outputLine
		if err := json.Unmarshal(sc.Bytes(), &ol); err != nil {
			p.log.InfoContext(ctx, "batch output line is not JSON; its requests are asked again", "line", n, "err", err)
			continue
		}
		line, ok := byID[ol.CustomID]
		if !ok {
			p.log.InfoContext(ctx, "batch output line for a request that was not asked; ignored", "line", n, "custom_id", ol.CustomID)
			continue
		}
		if prev, seen := out[ol.CustomID]; seen && prev.Err == nil {
			continue
		}
		out[ol.CustomID] = p.answer(ctx, line, ol)
	}
	return sc.Err()
}

// answer validates one output line as the reply to line.
func (p *Provider) answer(ctx context.Context, line providers.BatchLine, ol outputLine) providers.BatchAnswer {
	a := providers.BatchAnswer{ID: line.ID}
	switch {
	case ol.Error != nil:
		a.Err = fmt.Errorf("openai: batch request %s failed: %s %s", line.ID, ol.Error.Code, p.scrub(ol.Error.Message))
		return a
	case ol.Response == nil:
		a.Err = fmt.Errorf("openai: batch request %s has neither a response nor an error", line.ID)
		return a
	case ol.Response.StatusCode != http.StatusOK:
		var body struct {
			Error struct {
				Message string `json:"message"`
			} `json:"error"`
		}
		_ = json.Unmarshal(ol.Response.Body, &body)
		a.Err = fmt.Errorf("openai: batch request %s answered with status %d: %s", line.ID, ol.Response.StatusCode, p.scrub(body.Error.Message))
		return a
	}
	var resp goopenai.ChatCompletionResponse
	if err := json.Unmarshal(ol.Response.Body, &resp); err != nil {
		a.Err = fmt.Errorf("openai: batch request %s: the reply is not a chat completion: %w", line.ID, err)
		return a
	}
	segs := line.Request.Segments
	texts, errs := p.readReply(ctx, resp, len(segs))
	a.Results = make([]providers.Result, len(segs))
	for j, s := range segs {
		a.Results[j] = providers.Result{ID: s.ID, Text: texts[j], Provider: Name, Model: p.opt.Model}
		if errs[j] != nil {
			a.Results[j] = providers.Result{ID: s.ID, Err: &providers.SegmentError{ID: s.ID, Err: errs[j]}}
		}
	}
	if len(segs) == 0 {
		a.Err = errors.New("openai: batch request without segments")
	}
	return a
}
