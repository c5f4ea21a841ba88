#pragma once
// The connections one target's scan may open (--max-connections), shared by its layers: the TLS
// probes spend from it first, the DICOM associations get what is left, without anyone working
// out "what is left" by subtraction. Not thread-safe: the layers of one target run in turn.
namespace medtls {

class ConnectionBudget {
 public:
  explicit ConnectionBudget(int limit) : limit_(limit) {}
  bool exhausted() const { return used_ >= limit_; }
  void spend() { ++used_; }  // one TCP connection opened (or tried)
  int limit() const { return limit_; }
  int used() const { return used_; }

 private:
  int limit_;
  int used_ = 0;
};

}  // namespace medtls
